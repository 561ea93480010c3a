import { describe, expect, it } from 'vitest';
import {
  bumpsVersion,
  formatUnreleasedDependencyChanges,
  type PendingCommit,
  type ReleaseView,
  unreleasedDependencyChanges,
} from './unreleasedDependencyChanges.ts';

describe('bumpsVersion', () => {
  it.each([
    ['fix(lambda-toolkit): retry', '', true],
    ['feat: a route', '', true],
    ['refactor(x)!: new shape', '', true],
    ['chore: tidy', 'BREAKING CHANGE: the port moved', true],
    ['chore: tidy', 'Moved.\n\nBREAKING CHANGE: the port moved', true],
    ['fix:no space', '', false],
    ['docs(lambda-toolkit): typo', '', false],
    ['test: more cases', '', false],
    ['perf: faster', '', false],
    ['Merge branch main', '', false],
  ])('%s (body %j): %s', (subject, body, expected) => {
    // Act
    const bumps = bumpsVersion(subject, body);

    // Assess
    expect(bumps).toBe(expected);
  });
});

const commit = (sha: string, subject: string): PendingCommit => ({ sha, subject, body: '' });

// shipping → lambda-toolkit → event-types; dlq (a tool) → event-types.
const graph: Record<string, string[]> = {
  shipping: ['lambda-toolkit', 'event-types'],
  email: ['lambda-toolkit'],
  'lambda-toolkit': ['event-types'],
  'event-types': [],
  dlq: ['event-types'],
};
const releasable = ['email', 'event-types', 'lambda-toolkit', 'shipping'];

const viewOf = (
  tags: Record<string, string>,
  commits: Record<string, PendingCommit[]>,
): ReleaseView & { readonly reads: string[]; readonly tagReads: string[] } => {
  const reads: string[] = [];
  const tagReads: string[] = [];
  return {
    reads,
    tagReads,
    dependenciesOf: (project) => graph[project] ?? [],
    releaseTagOf: async (project) => {
      tagReads.push(project);
      return Promise.resolve(tags[project]);
    },
    commitsSince: async (project, since) => {
      reads.push(`${project} since ${since.join(', ')}`);
      return Promise.resolve(commits[project] ?? []);
    },
  };
};

describe('unreleasedDependencyChanges', () => {
  it('names a lib the release leaves out that has version-bumping commits since its tag, direct or not', async () => {
    // Prepare
    const view = viewOf(
      { 'lambda-toolkit': 'lambda-toolkit@0.1.0', 'event-types': 'event-types@0.2.0' },
      {
        'lambda-toolkit': [commit('b2', 'docs(lambda-toolkit): typo')],
        'event-types': [commit('a1', 'fix(event-types): a field'), commit('a0', 'test: x')],
      },
    );

    // Act
    const pending = await unreleasedDependencyChanges(['shipping'], releasable, view);

    // Assess
    expect(pending).toEqual([
      {
        project: 'shipping',
        dependency: 'event-types',
        since: 'event-types@0.2.0',
        commits: [commit('a1', 'fix(event-types): a field')],
      },
    ]);
  });

  it('takes a lib released along in --projects, an untagged lib and a lib with no bumping commit as fine', async () => {
    // Prepare
    const view = viewOf(
      { 'lambda-toolkit': 'lambda-toolkit@0.1.0' },
      {
        'lambda-toolkit': [commit('c1', 'fix(lambda-toolkit): retry')],
        'event-types': [commit('a1', 'feat(event-types): new event')],
      },
    );

    // Act
    const alongside = await unreleasedDependencyChanges(
      ['lambda-toolkit', 'shipping'],
      releasable,
      view,
    );

    // Assess: event-types has no tag yet, so its first release counts everything anyway.
    expect(alongside).toEqual([]);
  });

  it("judges only releasable projects, reading a lib's commits since its tag and each project's own", async () => {
    // Prepare
    const view = viewOf(
      { 'lambda-toolkit': 'lambda-toolkit@0.1.0', shipping: 'shipping@0.1.2' },
      { 'lambda-toolkit': [commit('c1', 'fix(lambda-toolkit): retry')] },
    );

    // Act
    const pending = await unreleasedDependencyChanges(
      ['shipping', 'email', 'dlq'],
      releasable,
      view,
    );

    // Assess
    expect(pending.map((change) => `${change.project}→${change.dependency}`)).toEqual([
      'shipping→lambda-toolkit',
      'email→lambda-toolkit',
    ]);
    // What shipping@0.1.2 took along is not pending for shipping; email has no tag of its own.
    expect(view.reads).toEqual([
      'lambda-toolkit since lambda-toolkit@0.1.0, shipping@0.1.2',
      'lambda-toolkit since lambda-toolkit@0.1.0',
    ]);
    expect(view.tagReads.toSorted()).toEqual([
      'email',
      'event-types',
      'lambda-toolkit',
      'shipping',
    ]);
  });
});

describe('formatUnreleasedDependencyChanges', () => {
  it('names the project, the lib, its tag, its commits and the command that releases both', () => {
    // Prepare
    const commits = Array.from({ length: 7 }, (_, index) =>
      commit(`s${String(index)}`, `fix(lambda-toolkit): change ${String(index)}`),
    );

    // Act
    const text = formatUnreleasedDependencyChanges([
      { project: 'shipping', dependency: 'lambda-toolkit', since: 'lambda-toolkit@0.1.0', commits },
    ]);

    // Assess
    expect(text).toBe(
      "release: shipping takes changes of lambda-toolkit that no release has versioned (since lambda-toolkit@0.1.0: s0 fix(lambda-toolkit): change 0; s1 fix(lambda-toolkit): change 1; s2 fix(lambda-toolkit): change 2; s3 fix(lambda-toolkit): change 3; s4 fix(lambda-toolkit): change 4 and 2 more). Released without it, shipping's changelog would not show them and lambda-toolkit would keep its version. Release lambda-toolkit first, or with it: npm run release -- --projects lambda-toolkit,shipping (a release of lambda-toolkit gives every project that depends on it a patch, as their bundles change).",
    );
  });

  it('gives one line per lib, naming every project that takes it', () => {
    // Prepare
    const toolkit = {
      dependency: 'lambda-toolkit',
      since: 'lambda-toolkit@0.1.0',
      commits: [commit('c1', 'fix(lambda-toolkit): x')],
    };
    const contracts = {
      dependency: 'event-types',
      since: 'event-types@0.2.0',
      commits: [commit('a1', 'feat(event-types): y')],
    };

    // Act
    const lines = formatUnreleasedDependencyChanges([
      { project: 'shipping', ...toolkit },
      { project: 'shipping', ...contracts },
      { project: 'email', ...toolkit },
    ]).split('\n');

    // Assess
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(
      /^release: shipping, email take changes of lambda-toolkit .*their changelogs would not show them.*--projects lambda-toolkit,shipping,email /,
    );
    expect(lines[1]).toMatch(
      /^release: shipping takes changes of event-types that no release has versioned \(since event-types@0\.2\.0: a1 feat\(event-types\): y\)/,
    );
  });
});
