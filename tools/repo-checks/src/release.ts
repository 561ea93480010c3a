// `npm run release -- [nx release options]`: `nx release --skip-publish`, after checking that the
// projects named in --projects are ones a release takes (Nx answers a tool with "No projects are
// set to be processed, please report this as a bug"; this names it and what can be released), and
// that none of them takes unreleased changes of a lib the release leaves out (Nx would bump it
// with a changelog saying there were no code changes, and leave the lib unversioned), and that
// every project it releases has a release tag (else its first changelog is the whole history).
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createProjectGraphAsync, workspaceRoot } from '@nx/devkit';
import { findMatchingProjects } from '@nx/devkit/internal';
import {
  commitsTouching,
  formatUnreleasedDependencyChanges,
  latestReleaseTag,
  unreleasedDependencyChanges,
} from './unreleasedDependencyChanges.ts';
import {
  formatUntaggedProjects,
  requestedReleaseProjects,
  unreleasedProjects,
  type VersionedProject,
} from './unreleasedProjects.ts';

const argv = process.argv.slice(2);
const dryRun = argv.some((argument) => ['--dry-run', '--dryRun', '-d'].includes(argument));
const requested = requestedReleaseProjects(argv);
const nxJson = JSON.parse(await readFile(join(workspaceRoot, 'nx.json'), 'utf8')) as {
  release?: { projects?: string[] };
};
const graph = await createProjectGraphAsync({ exitOnError: false });
// Nx's own matching, as nx release applies --projects: patterns too.
const matched = requested.length > 0 ? findMatchingProjects([...requested], graph.nodes) : [];
const { refused, releasable, releasedTags, matchedOnlyUnreleased } = unreleasedProjects(
  requested,
  Object.values(graph.nodes).map((node) => ({ name: node.name, tags: node.data.tags ?? [] })),
  nxJson.release?.projects ?? [],
  matched,
);
const rootOf = (project: string): string => graph.nodes[project]?.data.root ?? project;
if (requested.length > 0) {
  const why = `nx.json "release" takes the projects tagged ${releasedTags.join(', ')} (the tools are not versioned). Releasable: ${releasable.join(', ')}.`;
  if (refused.length > 0) {
    process.stderr.write(
      `release: ${refused.join(', ')} ${refused.length === 1 ? 'is' : 'are'} not released: ${why}\n`,
    );
    process.exit(2);
  }
  if (matchedOnlyUnreleased.length > 0) {
    process.stderr.write(
      `release: --projects ${requested.join(',')} matches ${matchedOnlyUnreleased.join(', ')}, none of which is released: ${why}\n`,
    );
    process.exit(2);
  }
  const pending = await unreleasedDependencyChanges(matched, releasable, {
    dependenciesOf: (project) =>
      (graph.dependencies[project] ?? [])
        .map((dependency) => dependency.target)
        .filter((target) => Object.hasOwn(graph.nodes, target)),
    releaseTagOf: (project) => latestReleaseTag(workspaceRoot, project),
    commitsSince: (project, tags) => commitsTouching(workspaceRoot, tags, [rootOf(project)]),
  });
  if (pending.length > 0) {
    process.stderr.write(`${formatUnreleasedDependencyChanges(pending)}\n`);
    // A dry run goes on, to show what Nx would do; a real release stops here.
    if (!dryRun) process.exit(2);
    process.stderr.write('release: a real release stops here; the dry run goes on.\n');
  }
}
const released =
  requested.length > 0 ? matched.filter((name) => releasable.includes(name)) : releasable;
const untagged: VersionedProject[] = [];
for (const name of released) {
  if ((await latestReleaseTag(workspaceRoot, name)) !== undefined) continue;
  const manifest = JSON.parse(
    await readFile(join(workspaceRoot, rootOf(name), 'package.json'), 'utf8'),
  ) as { version?: string };
  untagged.push({ name, version: manifest.version ?? '0.0.0' });
}
if (untagged.length > 0) {
  process.stderr.write(`${formatUntaggedProjects(untagged)}\n`);
  if (!dryRun) process.exit(2);
  process.stderr.write('release: a real release stops here; the dry run goes on.\n');
}
const child = spawn(
  join(workspaceRoot, 'node_modules/.bin/nx'),
  ['release', '--skip-publish', ...argv],
  { stdio: 'inherit' },
);
child.on('exit', (code, signal) => {
  process.exitCode = code ?? (signal === null ? 1 : 128);
});
