// The lint rule conveyor/declared-imports (src/declaredImportsRule.mjs, in eslint.config.mjs) on files of a package made for the
// test, with its own package.json: what it accepts, and what it reports, with which message.
import { randomUUID } from 'node:crypto';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RuleTester } from 'eslint';
import tseslint from 'typescript-eslint';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { declaredImports } from '../src/declaredImportsRule.mjs';

RuleTester.describe = describe;
RuleTester.it = it;
RuleTester.itOnly = it.only;

// Named now, made before the tests run: RuleTester names its cases when the file is collected.
const root = join(tmpdir(), `conveyor-declared-imports-${randomUUID()}`);
beforeAll(async () => {
  await mkdir(join(root, 'pkg', 'src'), { recursive: true });
  await writeFile(
    join(root, 'pkg', 'package.json'),
    JSON.stringify({
      name: '@conveyor/pkg',
      dependencies: { zod: '^4.1.0', '@conveyor/event-types': '*' },
      devDependencies: { '@types/aws-lambda': '^8.10.150', yaml: '^2.9.0' },
      peerDependencies: { 'serverless-offline': '^14.8.2' },
    }),
  );
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

const tester = new RuleTester({ languageOptions: { parser: tseslint.parser } });
const shipped = () => join(root, 'pkg', 'src', 'handler.ts');
const test = () => join(root, 'pkg', 'tests', 'handler.test.ts');

// Accepted: declared packages, type-only imports of @types, builtins, relative paths, vitest.
// Reported: the rest, and a devDependency imported at run time by a file that ships.
describe('conveyor/declared-imports', () => {
  tester.run('declared-imports', declaredImports, {
    valid: [
      { code: "import { z } from 'zod/mini';", filename: shipped() },
      { code: "export * from '@conveyor/event-types';", filename: shipped() },
      { code: "import type { SQSEvent } from 'aws-lambda';", filename: shipped() },
      { code: "import { type Context } from 'aws-lambda';", filename: shipped() },
      { code: "const lambda = await import('serverless-offline/lambda');", filename: shipped() },
      {
        code: "import { readFile } from 'node:fs/promises'; import { join } from 'path';",
        filename: shipped(),
      },
      {
        code: "import { a } from './a.ts'; import { self } from '@conveyor/pkg';",
        filename: shipped(),
      },
      { code: "import { it } from 'vitest';", filename: shipped() },
      // A test may use a devDependency at run time.
      { code: "import { parse } from 'yaml';", filename: test() },
      // A file outside any workspace package is the root's.
      { code: "import { x } from 'anything';", filename: join(tmpdir(), 'loose.ts') },
    ],
    invalid: [
      {
        code: "import { PublishCommand } from '@aws-sdk/client-sns';",
        filename: test(),
        errors: [
          {
            message:
              "'@aws-sdk/client-sns' is not declared in @conveyor/pkg's package.json: add it (and run npm install).",
          },
        ],
      },
      {
        code: "const old = require('left-pad'); export { b } from '@conveyor/local-cloud';",
        filename: test(),
        errors: [{ messageId: 'undeclared' }, { messageId: 'undeclared' }],
      },
      {
        // Only its types are declared: a run-time import needs the package.
        code: "import { handler } from 'aws-lambda';",
        filename: shipped(),
        errors: [{ messageId: 'undeclared' }],
      },
      {
        code: "import { parse } from 'yaml';",
        filename: shipped(),
        errors: [
          {
            message:
              "'yaml' is only in @conveyor/pkg's devDependencies, and this file ships: move it to dependencies (and run npm install).",
          },
        ],
      },
    ],
  });
});
