/** A project as the release check needs it: its name and Nx tags. */
export interface TaggedProject {
  readonly name: string;
  readonly tags: readonly string[];
}

/** What {@link unreleasedProjects} found. */
export interface UnreleasedProjects {
  /** Projects named in `--projects` that nx.json's release leaves out. */
  readonly refused: readonly string[];
  /** The projects a release takes. */
  readonly releasable: readonly string[];
  /** The tags of those projects, from nx.json's `tag:` patterns. */
  readonly releasedTags: readonly string[];
  /**
   * What `--projects` matched when that is only projects a release leaves out (a pattern such as
   * `tag:type:tool`): Nx answers that too with "please report this as a bug". Empty otherwise.
   */
  readonly matchedOnlyUnreleased: readonly string[];
}

/** The names given to `--projects`/`-p`, in any of the forms Nx takes (repeated, comma lists). */
export const requestedReleaseProjects = (argv: readonly string[]): string[] => {
  const values: string[] = [];
  argv.forEach((argument, index) => {
    const inline = /^(?:--projects|-p)=(.*)$/.exec(argument);
    if (inline !== null) values.push(inline[1] ?? '');
    else if (argument === '--projects' || argument === '-p') values.push(argv[index + 1] ?? '');
  });
  return values
    .flatMap((value) => value.split(','))
    .map((name) => name.trim())
    .filter((name) => name !== '');
};

/**
 * The projects named in `--projects` that exist but that nx.json's `release.projects` leaves out,
 * such as a tool. Nx answers them with "No projects are set to be processed, please report this
 * as a bug": this says which and why first. So for patterns (`tag:…`, a glob), given what they
 * `matched` (Nx's `findMatchingProjects`), when that is only such projects. An unknown name, or a
 * pattern that matches nothing, is left to Nx, which words those well. Release patterns other
 * than `tag:` ones leave everything to Nx too.
 *
 * @example
 * ```ts
 * unreleasedProjects(['dlq'], projects, ['tag:type:service'], ['dlq']); // { refused: ['dlq'], ... }
 * ```
 */
export const unreleasedProjects = (
  requested: readonly string[],
  projects: readonly TaggedProject[],
  releasePatterns: readonly string[],
  matched: readonly string[] = [],
): UnreleasedProjects => {
  const releasedTags = releasePatterns.flatMap((pattern) =>
    pattern.startsWith('tag:') ? [pattern.slice('tag:'.length)] : [],
  );
  if (releasedTags.length !== releasePatterns.length) {
    return { refused: [], releasable: [], releasedTags: [], matchedOnlyUnreleased: [] };
  }
  const releasable = projects
    .filter((project) => project.tags.some((tag) => releasedTags.includes(tag)))
    .map((project) => project.name)
    .toSorted();
  const known = new Set(projects.map((project) => project.name));
  const refused = requested.filter((name) => known.has(name) && !releasable.includes(name));
  const onlyUnreleased =
    refused.length === 0 &&
    matched.length > 0 &&
    !matched.some((name) => releasable.includes(name));
  return {
    refused,
    releasable,
    releasedTags,
    matchedOnlyUnreleased: onlyUnreleased ? matched.toSorted() : [],
  };
};

/** A project a release takes, at the version its `package.json` holds. */
export interface VersionedProject {
  readonly name: string;
  readonly version: string;
}

/**
 * The refusal `npm run release` prints for projects with no release tag yet: Nx would take
 * every commit since the repository began as the first release's changes (other teams' too),
 * so each is tagged once at its current version first, with the commands to do so.
 *
 * @example
 * ```ts
 * formatUntaggedProjects([{ name: 'inventory', version: '0.1.0' }]);
 * // 'release: inventory has no release tag yet …\n  git tag -a inventory@0.1.0 -m inventory@0.1.0'
 * ```
 */
export const formatUntaggedProjects = (untagged: readonly VersionedProject[]): string =>
  [
    `release: ${untagged.map((project) => project.name).join(', ')} ${untagged.length === 1 ? 'has' : 'have'} no release tag yet, so Nx would count every commit since the repository began (other teams' too) as the first release's changes. Tag ${untagged.length === 1 ? 'it' : 'each'} once at ${untagged.length === 1 ? 'its' : 'their'} current version, then release:`,
    ...untagged.map(({ name, version }) => `  git tag -a ${name}@${version} -m ${name}@${version}`),
  ].join('\n');
