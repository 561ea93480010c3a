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
 * as a bug": this says which and why first. Only plain names are judged: a pattern (`tag:…`,
 * a glob) or an unknown name is left to Nx, which words those well. Release patterns other than
 * `tag:` ones leave everything to Nx too.
 *
 * @example
 * ```ts
 * unreleasedProjects(['dlq'], projects, ['tag:type:service']); // { refused: ['dlq'], ... }
 * ```
 */
export const unreleasedProjects = (
  requested: readonly string[],
  projects: readonly TaggedProject[],
  releasePatterns: readonly string[],
): UnreleasedProjects => {
  const releasedTags = releasePatterns.flatMap((pattern) =>
    pattern.startsWith('tag:') ? [pattern.slice('tag:'.length)] : [],
  );
  if (releasedTags.length !== releasePatterns.length) {
    return { refused: [], releasable: [], releasedTags: [] };
  }
  const releasable = projects
    .filter((project) => project.tags.some((tag) => releasedTags.includes(tag)))
    .map((project) => project.name)
    .toSorted();
  const known = new Set(projects.map((project) => project.name));
  return {
    refused: requested.filter((name) => known.has(name) && !releasable.includes(name)),
    releasable,
    releasedTags,
  };
};
