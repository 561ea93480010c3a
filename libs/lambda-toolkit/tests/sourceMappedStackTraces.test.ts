// Stack traces through a bundle's source map, read only when a trace is formatted: a fixture
// bundled with the functions' esbuild settings (minified, linked map without the sources), run
// in fresh processes and compared with what Node's own --enable-source-maps prints.
import { execFile, spawn } from 'node:child_process';
import { mkdtemp, rename, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const fixture = join(dirname(fileURLToPath(import.meta.url)), 'fixtures', 'stackTraceScenarios.ts');
const inLambda = { AWS_LAMBDA_FUNCTION_NAME: 'fixture' };
const scenarios = ['method', 'constructor', 'callback', 'nodeError', 'dependency', 'async'];

let folder: string;
let bundle: string;

// Only the environment given: nothing of the test runner's (NODE_OPTIONS included) leaks in.
const runBundle = async (
  nodeArgs: readonly string[],
  env: Record<string, string>,
): Promise<Record<string, string>> => {
  const { stdout } = await promisify(execFile)(process.execPath, [...nodeArgs, bundle], { env });
  return JSON.parse(stdout) as Record<string, string>;
};

// Starts the bundle with --wait, runs `afterLoad` once it has loaded, then lets it throw.
const runBundleChangingFilesAfterLoad = (
  nodeArgs: readonly string[],
  env: Record<string, string>,
  afterLoad: () => Promise<void>,
): Promise<Record<string, string>> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...nodeArgs, bundle, '--wait'], { env });
    let stdout = '';
    let released = false;
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      if (!released && stdout.startsWith('loaded\n')) {
        released = true;
        afterLoad().then(
          () => child.stdin.end('go\n'),
          (error: unknown) => {
            child.kill();
            reject(error instanceof Error ? error : new Error(String(error)));
          },
        );
      }
    });
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) reject(new Error(`fixture exited with ${String(code)}`));
      else resolve(JSON.parse(stdout.slice('loaded\n'.length)) as Record<string, string>);
    });
  });

const framesIn = (stack: string | undefined, file: string): number =>
  (stack ?? '').split('\n').filter((line) => line.includes(`${file}:`)).length;

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'stack-traces-'));
  bundle = join(folder, 'stackTraceScenarios.cjs');
  // The functions' settings (services/serverless.base.yml, esbuild).
  await build({
    entryPoints: [fixture],
    outfile: bundle,
    bundle: true,
    minify: true,
    sourcemap: 'linked',
    sourcesContent: false,
    target: 'node24',
    platform: 'node',
    format: 'cjs',
    mainFields: ['module', 'main'],
    logLevel: 'silent',
  });
});

afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

describe('source-mapped stack traces', () => {
  it('prints every trace as Node’s --enable-source-maps does', async () => {
    // Act
    const lazy = await runBundle([], inLambda);
    // Outside Lambda, so the reference is Node's own whatever the toolkit decides.
    const node = await runBundle(['--enable-source-maps'], {});

    // Assess
    expect(Object.keys(lazy)).toEqual(scenarios);
    expect(lazy).toEqual(node);
    for (const scenario of scenarios.filter((name) => name !== 'dependency'))
      expect(framesIn(lazy[scenario], 'stackTraceScenarios.ts'), scenario).toBeGreaterThan(0);
    expect(lazy.dependency).toMatch(/node_modules[/\\]zod[/\\].+:\d+:\d+\)/);
    expect(lazy.nodeError).toMatch(/^TypeError \[ERR_INVALID_ARG_TYPE\]: /);
    // Named as Node names them: from the map where it has the name, else minified.
    expect(lazy.async).toMatch(/\n {4}at async \S+ \(.+stackTraceScenarios\.ts:\d+:\d+\)/);
    expect(lazy.constructor).toMatch(/\n {4}at new \S+ \(.+stackTraceScenarios\.ts:\d+:\d+\)/);
  });

  it('reads a bundle’s map when a trace needs it, not when the bundle loads', async () => {
    // Prepare: the map is away while the bundle loads, and back before anything throws.
    const map = `${bundle}.map`;
    const hide = () => rename(map, `${map}.away`);
    const restore = () => rename(`${map}.away`, map);

    // Act
    await hide();
    const lazy = await runBundleChangingFilesAfterLoad([], inLambda, restore);
    await hide();
    const node = await runBundleChangingFilesAfterLoad(['--enable-source-maps'], inLambda, restore);

    // Assess
    expect(framesIn(lazy.method, 'stackTraceScenarios.ts')).toBeGreaterThan(0);
    expect(framesIn(lazy.method, 'stackTraceScenarios.cjs')).toBe(0);
    // Node read the map as the bundle loaded, when it was not there.
    expect(framesIn(node.method, 'stackTraceScenarios.ts')).toBe(0);
    expect(framesIn(node.method, 'stackTraceScenarios.cjs')).toBeGreaterThan(0);
  });

  it('leaves traces as V8 prints them outside a Lambda function', async () => {
    // Act
    const plain = await runBundle([], {});

    // Assess
    expect(framesIn(plain.method, 'stackTraceScenarios.ts')).toBe(0);
    expect(framesIn(plain.method, 'stackTraceScenarios.cjs')).toBeGreaterThan(0);
  });

  it('leaves the frames of a bundle without its map as V8 prints them', async () => {
    // Prepare
    const map = `${bundle}.map`;
    await rename(map, `${map}.away`);

    // Act
    const withoutMap = await runBundle([], inLambda).finally(() => rename(`${map}.away`, map));
    const plain = await runBundle([], {});

    // Assess
    expect(withoutMap).toEqual(plain);
    expect(framesIn(withoutMap.method, 'stackTraceScenarios.cjs')).toBeGreaterThan(0);
  });
});
