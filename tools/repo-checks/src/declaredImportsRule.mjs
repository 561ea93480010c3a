// The lint rule conveyor/declared-imports, which eslint.config.mjs applies to every project. In
// JavaScript: the config loads it as it is, on whichever Node runs ESLint (an editor's too).
import { existsSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The package an import names; undefined for a relative path or a Node.js builtin. */
const packageOfSpecifier = (specifier) => {
  if (/^(?:\.|\/|node:)/.test(specifier)) return undefined;
  const parts = specifier.split('/');
  const name = specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
  return builtinModules.includes(name) ? undefined : name;
};

const typesPackageOf = (name) =>
  `@types/${name.startsWith('@') ? name.slice(1).replace('/', '__') : name}`;

const manifests = new Map();
const repoRoot = fileURLToPath(new URL('../../../', import.meta.url)).replace(/\/$/, '');
/**
 * The package.json of the workspace package a file belongs to, with its folder; undefined for
 * the root's own files.
 */
const manifestOf = (file) => {
  const dir = dirname(file);
  if (!manifests.has(dir)) {
    const path = join(dir, 'package.json');
    let found;
    if (dir === repoRoot || dirname(dir) === dir) found = undefined;
    else if (existsSync(path)) found = { dir, manifest: JSON.parse(readFileSync(path, 'utf8')) };
    else found = manifestOf(dir);
    manifests.set(dir, found);
  }
  return manifests.get(dir);
};

const namesIn = (manifest, sections) =>
  sections.flatMap((section) => Object.keys(manifest[section] ?? {}));

/**
 * Every package a project's files import is in its own package.json: npm's hoisting runs an
 * undeclared import here, not in the project installed or released alone. Code that ships
 * (`src/`, tests aside) takes its runtime imports from `dependencies`; a type-only import may
 * come from `devDependencies` or an `@types` package. Why not eslint-plugin-n's
 * no-extraneous-import: in an npm workspace it also accepts what the root package.json declares,
 * which here is everything. Vitest is the repo's, configured at the root.
 */
export const declaredImports = {
  meta: {
    type: 'problem',
    schema: [],
    messages: {
      undeclared:
        "'{{name}}' is not declared in {{manifest}}'s package.json: add it (and run npm install).",
      devOnly:
        "'{{name}}' is only in {{manifest}}'s devDependencies, and this file ships: move it to dependencies (and run npm install).",
    },
  },
  create(context) {
    const found = manifestOf(context.filename);
    if (found === undefined) return {};
    const { dir, manifest } = found;
    const own = relative(dir, context.filename);
    const ships = own.startsWith('src/') && !/\.test\.[cm]?[jt]s$/.test(own);
    const runtime = new Set([
      manifest.name,
      'vitest',
      ...namesIn(manifest, ['dependencies', 'peerDependencies', 'optionalDependencies']),
    ]);
    const any = new Set([...runtime, ...namesIn(manifest, ['devDependencies'])]);
    const check = (source, typeOnly) => {
      if (source?.type !== 'Literal' || typeof source.value !== 'string') return;
      const name = packageOfSpecifier(source.value);
      if (name === undefined) return;
      const fits = (set) => set.has(name) || (typeOnly && set.has(typesPackageOf(name)));
      if (fits(ships && !typeOnly ? runtime : any)) return;
      context.report({
        node: source,
        messageId: fits(any) ? 'devOnly' : 'undeclared',
        data: { name, manifest: manifest.name },
      });
    };
    const typeOnlyImport = (node) =>
      node.importKind === 'type' ||
      (node.specifiers.length > 0 && node.specifiers.every((spec) => spec.importKind === 'type'));
    return {
      ImportDeclaration: (node) => check(node.source, typeOnlyImport(node)),
      ExportNamedDeclaration: (node) => check(node.source, node.exportKind === 'type'),
      ExportAllDeclaration: (node) => check(node.source, node.exportKind === 'type'),
      ImportExpression: (node) => check(node.source, false),
      TSImportType: (node) => check(node.argument?.literal ?? node.argument, true),
      'CallExpression[callee.name="require"]': (node) => check(node.arguments[0], false),
    };
  },
};
