// How serverless-esbuild zips a packaged function, with the repo's patch
// (tools/patches/serverless-esbuild+*.patch): it stages the files in a folder of the OS temp dir
// and removes that folder after, where upstream's non-recursive remove left one per function.
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const pluginDir = fileURLToPath(new URL('..', import.meta.url));

let workDir = '';

afterEach(() => {
  if (workDir !== '') rmSync(workDir, { recursive: true, force: true });
});

// A fresh process, so the plugin's `os.tmpdir()` reads this test's own TMPDIR.
describe('serverless-esbuild zip, patched', () => {
  it('writes the archive and leaves no staging folder in the temp dir', async () => {
    // Prepare
    workDir = mkdtempSync(join(tmpdir(), 'esbuild-zip-'));
    const sourceDir = join(workDir, 'build');
    const temp = join(workDir, 'temp');
    mkdirSync(join(sourceDir, 'src'), { recursive: true });
    mkdirSync(temp);
    writeFileSync(join(sourceDir, 'src/handler.cjs'), 'exports.handler = async () => ({});\n');
    const zipPath = join(workDir, 'out', 'handler.zip');
    const script = `
      const requireHere = require('node:module').createRequire(${JSON.stringify(`${pluginDir}/`)});
      const { zip } = requireHere('serverless-esbuild/dist/utils.js');
      zip(${JSON.stringify(zipPath)}, [
        { rootPath: ${JSON.stringify(join(sourceDir, 'src/handler.cjs'))}, localPath: 'src/handler.cjs' },
      ]).then(() => console.log('zipped'));
    `;

    // Act
    const { stdout } = await run(process.execPath, ['-e', script], {
      env: { ...process.env, TMPDIR: temp },
    });

    // Assess
    expect(stdout.trim()).toBe('zipped');
    expect(statSync(zipPath).size).toBeGreaterThan(0);
    expect(readdirSync(temp)).toEqual([]);
  });
});
