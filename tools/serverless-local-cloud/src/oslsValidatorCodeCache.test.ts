// osls's configuration validator with the repo's patch (tools/patches/serverless+*.patch): the
// V8 code cache it keeps beside the generated validator, used by the next process, written again
// when V8 rejects it, and never changing what the validator says.
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const pluginDir = fileURLToPath(new URL('..', import.meta.url));
const dirs: string[] = [];

afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

// Validates two configurations in a fresh Node process, as osls does at every start, with its
// validator cache under `baseDir`; returns what the validator said of each.
const validateInFreshProcess = async (baseDir: string): Promise<unknown> => {
  const script = `
    const requireHere = require('node:module').createRequire(${JSON.stringify(`${pluginDir}/`)});
    const resolveAjvValidate = requireHere(
      'serverless/lib/classes/config-schema-handler/resolve-ajv-validate.js',
    );
    const schema = {
      type: 'object',
      properties: { service: { type: 'string' } },
      required: ['service'],
      additionalProperties: false,
    };
    resolveAjvValidate(schema).then((validate) => {
      const said = [{ service: 'orders' }, { servce: 'orders' }].map((config) => {
        validate(config);
        return validate.errors ? validate.errors.map((error) => error.message) : null;
      });
      resolveAjvValidate.saveCodeCache(validate);
      console.log(JSON.stringify(said));
    });
  `;
  const { stdout } = await run(process.execPath, ['-e', script], {
    env: { ...process.env, SLS_SCHEMA_CACHE_BASE_DIR: baseDir },
  });
  return JSON.parse(stdout.trim().split('\n').at(-1) ?? 'null');
};

const codeCacheFiles = (baseDir: string): string[] => {
  const artifacts = join(baseDir, '.serverless', 'artifacts');
  return readdirSync(artifacts, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.cache'))
    .map((file) => join(artifacts, file));
};

const said = [
  null,
  ["must have required property 'service'", 'must NOT have additional properties'],
];

// Each test starts fresh Node processes, slow on a busy machine: vitest.config.ts's bound, no budget.
describe("osls's configuration validator, patched", () => {
  it('keeps a code cache after the first validation, which the next process uses as it is', async () => {
    // Prepare
    const baseDir = mkdtempSync(join(tmpdir(), 'osls-validator-'));
    dirs.push(baseDir);

    // Act
    const first = await validateInFreshProcess(baseDir);
    const [cache] = codeCacheFiles(baseDir);
    const written = statSync(cache!);
    const second = await validateInFreshProcess(baseDir);

    // Assess: the second process accepted the cache, so it did not write it again.
    expect(codeCacheFiles(baseDir)).toHaveLength(1);
    expect(cache).toMatch(/\.js\.v8-[^/]+\.cache$/);
    expect(statSync(cache!).mtimeMs).toBe(written.mtimeMs);
    expect(first).toEqual(said);
    expect(second).toEqual(said);
  });

  it('writes the cache again when V8 rejects it, and validates the same', async () => {
    // Prepare
    const baseDir = mkdtempSync(join(tmpdir(), 'osls-validator-'));
    dirs.push(baseDir);
    await validateInFreshProcess(baseDir);
    const [cache] = codeCacheFiles(baseDir);
    const garbage = Buffer.from('not a code cache');
    writeFileSync(cache!, garbage);

    // Act
    const after = await validateInFreshProcess(baseDir);

    // Assess
    expect(after).toEqual(said);
    expect(readFileSync(cache!).equals(garbage)).toBe(false);
    expect(readdirSync(join(cache!, '..')).filter((file) => file.endsWith('.tmp'))).toEqual([]);
  });
});
