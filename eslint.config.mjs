import nx from '@nx/eslint-plugin';
import eslintConfigPrettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';
import { declaredImports } from './tools/repo-checks/src/declaredImportsRule.mjs';

// Bundled code imports zod/mini (see docs/decisions/zod-mini-in-lambda-bundles.md).
const noClassicZod = {
  name: 'zod',
  message: "Import 'zod/mini' in code that ships in a Lambda bundle.",
};

const houseSyntax = [
  { selector: 'ExportDefaultDeclaration', message: 'Use named exports.' },
  { selector: 'TSEnumDeclaration', message: 'Use an `as const` object instead of an enum.' },
];

const SERVICES = ['checkout', 'inventory', 'shipping', 'email', 'marketing', 'analytics'];

/**
 * What a project may depend on, by kind and by owner. A service never imports another
 * service; its tests may also use the test tools (local cloud, offline harness).
 */
const moduleBoundaries = ({ testCode }) => [
  'error',
  {
    enforceBuildableLibDependency: true,
    allow: [],
    depConstraints: [
      {
        sourceTag: 'type:service',
        onlyDependOnLibsWithTags: testCode
          ? ['type:contracts', 'type:toolkit', 'type:tool']
          : ['type:contracts', 'type:toolkit'],
      },
      { sourceTag: 'type:toolkit', onlyDependOnLibsWithTags: ['type:contracts', 'type:toolkit'] },
      { sourceTag: 'type:contracts', onlyDependOnLibsWithTags: ['type:contracts'] },
      {
        sourceTag: 'type:tool',
        onlyDependOnLibsWithTags: ['type:contracts', 'type:toolkit', 'type:tool'],
      },
      { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
      ...SERVICES.map((service) => ({
        sourceTag: `scope:${service}`,
        onlyDependOnLibsWithTags: [`scope:${service}`, 'scope:shared'],
      })),
    ],
  },
];

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      '**/.serverless/**',
      '**/.esbuild/**',
      '**/.esbuild-*/**',
      '**/.local/**',
      '**/.bench/**',
      '**/.nx/**',
      '**/coverage/**',
    ],
  },
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: {
          allowDefaultProject: ['*.mjs', '*.js'],
        },
        tsconfigRootDir: import.meta.dirname,
      },
    },
  },
  {
    files: ['**/*.mjs', '**/*.js', '**/*.cjs'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    files: ['**/*.ts', '**/*.mjs', '**/*.cjs', '**/*.js'],
    plugins: { conveyor: { rules: { 'declared-imports': declaredImports } } },
    rules: { 'conveyor/declared-imports': 'error' },
  },
  {
    files: ['**/*.ts'],
    rules: {
      '@nx/enforce-module-boundaries': moduleBoundaries({ testCode: false }),
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
      'no-restricted-syntax': ['error', ...houseSyntax],
    },
  },
  {
    // Code that ships in a Lambda bundle: zod/mini is a third of classic zod's size there.
    files: ['libs/*/src/**/*.ts', 'services/*/src/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [noClassicZod] }],
      // Bundles are minified, which renames classes: an error's name has to be a string.
      'no-restricted-syntax': [
        'error',
        ...houseSyntax,
        {
          selector:
            "ClassDeclaration[superClass.name=/Error$/]:not(:has(PropertyDefinition[key.name='name'][value.type='Literal']))",
          message: "Name the error class with a string: `override readonly name = 'ClassName'`.",
        },
      ],
    },
  },
  {
    // Domain code is pure: it talks to the world only through ports.
    files: ['**/src/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [noClassicZod],
          patterns: [
            {
              group: ['@aws-sdk/*', '@aws-lambda-powertools/*', 'aws-lambda'],
              message: 'Domain code takes ports; AWS access belongs in src/adapters.',
            },
          ],
        },
      ],
    },
  },
  {
    // Tool configs are loaded through their default export.
    files: ['**/vitest.config.ts', '**/eslint.config.mjs', '**/*.d.ts'],
    rules: { 'no-restricted-syntax': 'off' },
  },
  {
    files: ['**/*.test.ts', '**/tests/**/*.ts'],
    rules: {
      '@nx/enforce-module-boundaries': moduleBoundaries({ testCode: true }),
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  eslintConfigPrettier,
);
