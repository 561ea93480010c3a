// What serverless-esbuild loads in every `sls` process, with the repo's patch
// (tools/patches/serverless-esbuild+*.patch): the effect modules and ramda functions it uses, and
// its packaging code only when it packages.
import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const pluginDir = fileURLToPath(new URL('..', import.meta.url));
const notAtLoad =
  /node_modules\/(ramda\/src\/index\.js|effect\/dist\/cjs\/index\.js|fast-check\/|archiver\/|bestzip\/|semver\/)/;

// The files a fresh Node process has loaded once it required the plugin, as osls does.
const loadedByPlugin = async (): Promise<string[]> => {
  const script = `
    const requireHere = require('node:module').createRequire(${JSON.stringify(`${pluginDir}/`)});
    requireHere('serverless-esbuild');
    console.log(JSON.stringify(Object.keys(require.cache)));
  `;
  const { stdout } = await run(process.execPath, ['-e', script]);
  return JSON.parse(stdout.trim().split('\n').at(-1) ?? '[]') as string[];
};

// Each test starts a fresh Node process, slow on a busy machine: vitest.config.ts's bound, no budget.
describe('serverless-esbuild, patched', () => {
  it('loads neither whole packages nor its packaging code at start', async () => {
    // Act
    const loaded = await loadedByPlugin();

    // Assess: the check sees the plugin's own files, and none of those.
    expect(loaded.some((file) => file.endsWith('serverless-esbuild/dist/index.js'))).toBe(true);
    expect(loaded.filter((file) => notAtLoad.test(file))).toEqual([]);
  });

  it("hands out ramda's own functions, each loaded on first use", () => {
    // Prepare
    const requireHere = createRequire(`${pluginDir}/`);
    const pluginIndex = requireHere.resolve('serverless-esbuild');
    const lazyRamda = requireHere(pluginIndex.replace(/index\.js$/, 'lazyRamda.js')) as Record<
      string,
      unknown
    >;
    const ramda = requireHere('ramda') as Record<string, unknown>;

    // Act
    const used = ['isEmpty', 'mergeDeepRight', 'replace', 'uniq'].map((name) => lazyRamda[name]);

    // Assess
    expect(used).toEqual([ramda.isEmpty, ramda.mergeDeepRight, ramda.replace, ramda.uniq]);
  });
});
