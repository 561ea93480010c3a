// The git side of `npm run release`'s check of unreleased lib changes, on a real repository made
// for the test: tags, commits that touch a lib's folder or not, and a breaking footer.
import { execFileSync } from 'node:child_process';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commitsTouching, tagExists } from '../src/unreleasedDependencyChanges.ts';

let root: string;
const git = (...args: string[]) =>
  execFileSync('git', args, {
    cwd: root,
    encoding: 'utf8',
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: 'Test',
      GIT_AUTHOR_EMAIL: 'test@example.com',
      GIT_COMMITTER_NAME: 'Test',
      GIT_COMMITTER_EMAIL: 'test@example.com',
    },
  });
const commitFile = async (path: string, message: string[]) => {
  await mkdir(join(root, path, '..'), { recursive: true });
  await writeFile(join(root, path), `${message.join('\n')}\n`);
  git('add', path);
  git('commit', '-q', ...message.flatMap((part) => ['-m', part]));
};

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'conveyor-release-'));
  git('init', '-q');
  await commitFile('libs/lambda-toolkit/a.ts', ['feat(lambda-toolkit): first']);
  git('tag', '-a', 'lambda-toolkit@0.1.0', '-m', 'lambda-toolkit@0.1.0');
  await commitFile('libs/lambda-toolkit/b.ts', ['fix(lambda-toolkit): retry']);
  await commitFile('services/shipping/c.ts', ['fix(shipping): label']);
  await commitFile('libs/lambda-toolkit/d.ts', ['chore: rename', 'BREAKING CHANGE: a port moved']);
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('commitsTouching', () => {
  it("lists the commits since the tag that touch the lib's folder, newest first, with their bodies", async () => {
    // Act
    const commits = await commitsTouching(root, 'lambda-toolkit@0.1.0', ['libs/lambda-toolkit']);

    // Assess
    expect(commits.map((commit) => commit.subject)).toEqual([
      'chore: rename',
      'fix(lambda-toolkit): retry',
    ]);
    expect(commits[0]?.body).toContain('BREAKING CHANGE: a port moved');
    expect(commits[0]?.sha).toMatch(/^[0-9a-f]{7,}$/);
  });
});

describe('tagExists', () => {
  it('knows a release tag that is there from one that is not', async () => {
    // Act
    const [there, absent] = await Promise.all([
      tagExists(root, 'lambda-toolkit@0.1.0'),
      tagExists(root, 'shipping@0.1.0'),
    ]);

    // Assess
    expect(there).toBe(true);
    expect(absent).toBe(false);
  });
});
