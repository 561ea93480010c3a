// The repository's own allowScripts against its own lockfile: a dependency that gains install
// scripts, or an entry left behind by a removed one, fails here with what to run.
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import {
  checkInstallScripts,
  formatInstallScriptProblems,
  type LockfileView,
} from '../src/checkInstallScripts.ts';

const root = new URL('../../../', import.meta.url);
const readJson = async (name: string): Promise<unknown> =>
  JSON.parse(await readFile(new URL(name, root), 'utf8'));

describe("the repository's allowScripts", () => {
  it('names every dependency with install scripts in package-lock.json, and nothing else', async () => {
    // Prepare
    const lock = (await readJson('package-lock.json')) as LockfileView;
    const { allowScripts = {} } = (await readJson('package.json')) as {
      allowScripts?: Record<string, boolean>;
    };

    // Act
    const problems = checkInstallScripts(lock, allowScripts);

    // Assess
    expect(formatInstallScriptProblems(problems)).toBe('');
    // The pinned Node that every npm script runs on is put in place by its preinstall.
    expect(allowScripts['node']).toBe(true);
  });
});
