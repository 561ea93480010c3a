// The git side of `npm run release`'s check of unreleased lib changes, on a real repository made
// for the test: release tags, commits that touch a lib's folder or not, a breaking footer, and a
// tag on another branch.
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commitsTouching, latestReleaseTag } from '../src/unreleasedDependencyChanges.ts';

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
const tag = (name: string) => git('tag', '-a', name, '-m', name);

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'conveyor-release-'));
  git('init', '-q', '-b', 'main');
  await commitFile('libs/lambda-toolkit/a.ts', ['feat(lambda-toolkit): first']);
  tag('lambda-toolkit@0.1.0');
  await commitFile('libs/lambda-toolkit/b.ts', ['fix(lambda-toolkit): retry']);
  await commitFile('services/shipping/c.ts', ['fix(shipping): label']);
  tag('shipping@0.1.2');
  tag('shipping@0.1.10');
  await commitFile('libs/lambda-toolkit/d.ts', ['chore: rename', 'BREAKING CHANGE: a port moved']);
  // A release tag on another branch is not in HEAD's history.
  git('checkout', '-q', '-b', 'side');
  await commitFile('libs/lambda-toolkit/e.ts', ['fix(lambda-toolkit): elsewhere']);
  tag('lambda-toolkit@0.9.0');
  git('checkout', '-q', 'main');
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('commitsTouching', () => {
  it("lists the commits since a tag that touch the lib's folder, newest first, with their bodies", async () => {
    // Act
    const commits = await commitsTouching(root, ['lambda-toolkit@0.1.0'], ['libs/lambda-toolkit']);

    // Assess
    expect(commits.map((commit) => commit.subject)).toEqual([
      'chore: rename',
      'fix(lambda-toolkit): retry',
    ]);
    expect(commits[0]?.body).toContain('BREAKING CHANGE: a port moved');
    expect(commits[0]?.sha).toMatch(/^[0-9a-f]{7,}$/);
  });

  it("leaves out what another tag's history holds: the project's own last release", async () => {
    // Act
    const commits = await commitsTouching(
      root,
      ['lambda-toolkit@0.1.0', 'shipping@0.1.2'],
      ['libs/lambda-toolkit'],
    );

    // Assess: the retry went out with shipping@0.1.2.
    expect(commits.map((commit) => commit.subject)).toEqual(['chore: rename']);
  });
});

describe('latestReleaseTag', () => {
  it("answers a project's newest tag by version in HEAD's history, or none", async () => {
    // Act
    const [toolkit, shipping, email] = await Promise.all([
      latestReleaseTag(root, 'lambda-toolkit'),
      latestReleaseTag(root, 'shipping'),
      latestReleaseTag(root, 'email'),
    ]);

    // Assess
    expect(toolkit).toBe('lambda-toolkit@0.1.0');
    expect(shipping).toBe('shipping@0.1.10');
    expect(email).toBeUndefined();
  });
});
