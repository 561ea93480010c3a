import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

/** A commit since a project's last release tag that its next release would version. */
export interface PendingCommit {
  readonly sha: string;
  readonly subject: string;
  readonly body: string;
}

/** A releasable dependency of a project being released, with changes no release has versioned. */
export interface UnreleasedDependencyChange {
  /** The project `--projects` named. */
  readonly project: string;
  /** Its dependency, direct or not, that the release leaves out. */
  readonly dependency: string;
  /** The dependency's last release tag, such as `lambda-toolkit@0.1.0`. */
  readonly since: string;
  readonly commits: readonly PendingCommit[];
}

/** What {@link unreleasedDependencyChanges} reads of the repo, so that it can be tested alone. */
export interface ReleaseView {
  /** The workspace projects a project depends on, directly. */
  readonly dependenciesOf: (project: string) => readonly string[];
  /** A project's newest release tag (`<project>@<version>`) in HEAD's history, if any. */
  readonly releaseTagOf: (project: string) => Promise<string | undefined>;
  /** The commits that touch the project's files, in HEAD's history but in none of `tags'`. */
  readonly commitsSince: (project: string, tags: readonly string[]) => Promise<PendingCommit[]>;
}

/**
 * Whether a conventional commit bumps a version under nx.json's release config (Nx's default
 * types): `feat`, `fix`, or a breaking change (`!` or a `BREAKING CHANGE:` footer).
 *
 * @example
 * ```ts
 * bumpsVersion('fix(lambda-toolkit): retry', ''); // true
 * bumpsVersion('docs(lambda-toolkit): typo', ''); // false
 * ```
 */
export const bumpsVersion = (subject: string, body: string): boolean =>
  /^(?:feat|fix)(?:\([^)]*\))?!?: /.test(subject) ||
  /^\w+(?:\([^)]*\))?!: /.test(subject) ||
  body.includes('BREAKING CHANGE:');

/**
 * For each project a release takes, its releasable dependencies (direct or not) that the release
 * leaves out and that have version-bumping commits since both their last release tag and the
 * project's own (what the project's last release took along is not pending for it). Nx would
 * still bump the project for them, since they change its bundle (a patch for a commit scoped to
 * the lib), with a changelog saying "a version bump only … there were no code changes", and
 * leave the dependency unversioned, to be released, and the project bumped again, later. A
 * dependency with no tag yet is not judged: its first release counts the whole history anyway.
 *
 * @example
 * ```ts
 * const pending = await unreleasedDependencyChanges(['shipping'], releasable, view);
 * // [{ project: 'shipping', dependency: 'lambda-toolkit', since: 'lambda-toolkit@0.1.0', commits: [...] }]
 * ```
 */
export const unreleasedDependencyChanges = async (
  requested: readonly string[],
  releasable: readonly string[],
  view: ReleaseView,
): Promise<UnreleasedDependencyChange[]> => {
  const tags = new Map<string, Promise<string | undefined>>();
  const tagOf = (project: string): Promise<string | undefined> => {
    const known = tags.get(project);
    if (known !== undefined) return known;
    const read = view.releaseTagOf(project);
    tags.set(project, read);
    return read;
  };
  const pendingOf = async (project: string, dependency: string) => {
    const since = await tagOf(dependency);
    if (since === undefined) return undefined;
    const own = await tagOf(project);
    const commits = (
      await view.commitsSince(dependency, own === undefined ? [since] : [since, own])
    ).filter((commit) => bumpsVersion(commit.subject, commit.body));
    return commits.length === 0 ? undefined : { dependency, since, commits };
  };
  const found: UnreleasedDependencyChange[] = [];
  for (const project of requested) {
    if (!releasable.includes(project)) continue;
    const seen = new Set<string>([project]);
    const queue = [...view.dependenciesOf(project)];
    while (queue.length > 0) {
      const dependency = queue.shift();
      if (dependency === undefined || seen.has(dependency)) continue;
      seen.add(dependency);
      queue.push(...view.dependenciesOf(dependency));
      if (!releasable.includes(dependency) || requested.includes(dependency)) continue;
      const pending = await pendingOf(project, dependency);
      if (pending !== undefined) found.push({ project, ...pending });
    }
  }
  return found;
};

/**
 * The commits in HEAD's history but in none of `tags'` that touch `paths`, read with git in
 * `root`: subject and body, so that a `BREAKING CHANGE:` footer counts.
 *
 * @example
 * ```ts
 * await commitsTouching(root, ['lambda-toolkit@0.1.0', 'shipping@0.1.2'], ['libs/lambda-toolkit']);
 * ```
 */
export const commitsTouching = async (
  root: string,
  tags: readonly string[],
  paths: readonly string[],
): Promise<PendingCommit[]> => {
  const { stdout } = await promisify(execFile)(
    'git',
    ['log', '--format=%h%x1f%s%x1f%b%x1e', 'HEAD', ...tags.map((tag) => `^${tag}`), '--', ...paths],
    { cwd: root, maxBuffer: 64 * 1024 * 1024 },
  );
  return stdout
    .split('\x1e')
    .map((entry) => entry.replace(/^\n/, ''))
    .filter((entry) => entry !== '')
    .map((entry) => {
      const [sha = '', subject = '', body = ''] = entry.split('\x1f');
      return { sha, subject, body };
    });
};

/**
 * A project's newest release tag (`<project>@<version>`, nx.json's `releaseTag.pattern`) in
 * HEAD's history, by version, as Nx finds the version a release starts from; undefined when it
 * has none.
 *
 * @example
 * ```ts
 * await latestReleaseTag(root, 'lambda-toolkit'); // 'lambda-toolkit@0.1.1'
 * ```
 */
export const latestReleaseTag = async (
  root: string,
  project: string,
): Promise<string | undefined> => {
  const { stdout } = await promisify(execFile)(
    'git',
    ['tag', '--list', `${project}@*`, '--merged', 'HEAD', '--sort=-v:refname'],
    { cwd: root },
  );
  return stdout.split('\n').find((tag) => tag.startsWith(`${project}@`) && /@\d/.test(tag));
};

/** The refusal `npm run release` prints: one line per lib, naming the projects that take it. */
export const formatUnreleasedDependencyChanges = (
  changes: readonly UnreleasedDependencyChange[],
): string =>
  [...Map.groupBy(changes, (change) => change.dependency).values()]
    .flatMap((group) => {
      const [first] = group;
      if (first === undefined) return [];
      const { dependency, since, commits } = first;
      const projects = group.map((change) => change.project);
      const listed = commits
        .slice(0, 5)
        .map((commit) => `${commit.sha} ${commit.subject}`)
        .join('; ');
      const more = commits.length > 5 ? ` and ${String(commits.length - 5)} more` : '';
      const names = projects.join(', ');
      const one = projects.length === 1;
      return [
        `release: ${names} ${one ? 'takes' : 'take'} changes of ${dependency} that no release has versioned (since ${since}: ${listed}${more}). Released without it, ${one ? `${names}'s changelog` : 'their changelogs'} would not show them and ${dependency} would keep its version. Release ${dependency} first, or with ${one ? 'it' : 'them'}: npm run release -- --projects ${[dependency, ...projects].join(',')} (a release of ${dependency} gives every project that depends on it a patch, as their bundles change).`,
      ];
    })
    .join('\n');
