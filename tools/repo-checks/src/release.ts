// `npm run release -- [nx release options]`: `nx release --skip-publish`, after checking that the
// projects named in --projects are ones a release takes. Nx answers a tool with "No projects are
// set to be processed, please report this as a bug"; this names it and what can be released.
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createProjectGraphAsync, workspaceRoot } from '@nx/devkit';
import { requestedReleaseProjects, unreleasedProjects } from './unreleasedProjects.ts';

const argv = process.argv.slice(2);
const requested = requestedReleaseProjects(argv);
if (requested.length > 0) {
  const nxJson = JSON.parse(await readFile(join(workspaceRoot, 'nx.json'), 'utf8')) as {
    release?: { projects?: string[] };
  };
  const graph = await createProjectGraphAsync({ exitOnError: false });
  const { refused, releasable, releasedTags } = unreleasedProjects(
    requested,
    Object.values(graph.nodes).map((node) => ({ name: node.name, tags: node.data.tags ?? [] })),
    nxJson.release?.projects ?? [],
  );
  if (refused.length > 0) {
    process.stderr.write(
      `release: ${refused.join(', ')} ${refused.length === 1 ? 'is' : 'are'} not released: nx.json "release" takes the projects tagged ${releasedTags.join(', ')} (the tools are not versioned). Releasable: ${releasable.join(', ')}.\n`,
    );
    process.exit(2);
  }
}
const child = spawn(
  join(workspaceRoot, 'node_modules/.bin/nx'),
  ['release', '--skip-publish', ...argv],
  { stdio: 'inherit' },
);
child.on('exit', (code, signal) => {
  process.exitCode = code ?? (signal === null ? 1 : 128);
});
