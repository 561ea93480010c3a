import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createProjectGraphAsync, workspaceRoot } from '@nx/devkit';
import type { RepoModel } from './checkWorkflow.ts';
import { type ParsedWorkflow, parseWorkflow } from './parseWorkflow.ts';

/** The repo's workflow files, `.github/workflows/*.yml` and `*.yaml`. */
export const workflowFiles = async (root = workspaceRoot): Promise<string[]> => {
  const directory = join(root, '.github', 'workflows');
  const names = await readdir(directory);
  return names
    .filter((name) => /\.ya?ml$/.test(name))
    .sort()
    .map((name) => join(directory, name));
};

/** Parses workflow files, keyed by file name. */
export const readWorkflows = async (
  files: readonly string[],
): Promise<Map<string, ParsedWorkflow>> => {
  const workflows = new Map<string, ParsedWorkflow>();
  for (const file of files) {
    const name = file.split('/').at(-1) ?? file;
    workflows.set(name, parseWorkflow(name, await readFile(file, 'utf8')));
  }
  return workflows;
};

/**
 * Reads what workflows may refer to: the root package.json's scripts, the Nx project graph's
 * projects and targets (as `nx show project --json` reports them, inferred targets included),
 * the projects tagged `type:service`, and the repo's workflows.
 */
export const readRepoModel = async (root = workspaceRoot): Promise<RepoModel> => {
  const manifest = JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as {
    scripts?: Record<string, string>;
  };
  const graph = await createProjectGraphAsync({ exitOnError: false });
  const targets = new Map(
    Object.values(graph.nodes).map((node) => [
      node.name,
      new Set(Object.keys(node.data.targets ?? {})),
    ]),
  );
  return {
    scripts: new Set(Object.keys(manifest.scripts ?? {})),
    targets,
    workflows: await readWorkflows(await workflowFiles(root)),
    services: new Set(
      Object.values(graph.nodes)
        .filter((node) => node.data.tags?.includes('type:service') === true)
        .map((node) => node.name),
    ),
  };
};
