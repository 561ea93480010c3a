import { basename } from 'node:path';
import { CommandKinds, type ParsedWorkflow, type WorkflowCommand } from './parseWorkflow.ts';

/** What the workflows may refer to. */
export interface RepoModel {
  /** Scripts of the root package.json. */
  readonly scripts: ReadonlySet<string>;
  /** Every Nx project with its targets (inferred ones included). */
  readonly targets: ReadonlyMap<string, ReadonlySet<string>>;
  /** Every workflow of the repo by file name (`deploy.yml`), for `gh workflow run`. */
  readonly workflows: ReadonlyMap<string, ParsedWorkflow>;
  /** The Nx projects tagged `type:service`: what the deploy workflow must be able to deploy. */
  readonly services: ReadonlySet<string>;
}

/** A reference in a workflow to something that does not exist. */
export interface WorkflowProblem {
  readonly workflow: string;
  /** `job › step`, or `on` for triggers. */
  readonly where: string;
  readonly message: string;
}

// `$SERVICE`, `${SERVICE}`, `${{ inputs.service }}`: known only when the workflow runs.
const isDynamic = (word: string): boolean => word.includes('$');

const projectNamesIn = (parsed: ParsedWorkflow, repo: RepoModel): string[] => {
  const fromTags = parsed.triggers.tagPatterns.map((pattern) => pattern.split('@')[0] ?? '');
  const fromInputs = Object.values(parsed.triggers.dispatchInputs).flatMap(
    (input) => input.options,
  );
  return [...new Set([...fromTags, ...fromInputs])].filter((name) => repo.targets.has(name));
};

const checkCommand = (
  command: WorkflowCommand,
  parsed: ParsedWorkflow,
  repo: RepoModel,
): string[] => {
  switch (command.kind) {
    case CommandKinds.NpmScript:
      return isDynamic(command.script) || repo.scripts.has(command.script)
        ? []
        : [`npm script "${command.script}" is not in the root package.json`];
    case CommandKinds.NxRun: {
      const { project, target } = command;
      if (target === '') return [`"nx run ${project}" names no target (use project:target)`];
      if (!isDynamic(project)) {
        const targets = repo.targets.get(project);
        if (targets === undefined) return [`nx project "${project}" does not exist`];
        return targets.has(target) ? [] : [`project "${project}" has no target "${target}"`];
      }
      // A project chosen at run time: every project the workflow can be run for (its release
      // tags and dispatch choices) must have the target.
      const candidates = projectNamesIn(parsed, repo);
      if (candidates.length === 0) {
        return [...repo.targets.values()].some((targets) => targets.has(target))
          ? []
          : [`no project has a target "${target}"`];
      }
      return candidates
        .filter((name) => repo.targets.get(name)?.has(target) !== true)
        .map((name) => `project "${name}" (one the workflow runs for) has no target "${target}"`);
    }
    case CommandKinds.NxTargets:
      if (command.targets.length === 0) return [`nx ${command.subcommand} names no target (-t)`];
      // Nx runs a target where it exists and silently skips the rest: a typo runs nothing.
      return command.targets
        .filter((target) => ![...repo.targets.values()].some((targets) => targets.has(target)))
        .map((target) => `nx ${command.subcommand}: no project has a target "${target}"`);
    case CommandKinds.GhWorkflowRun: {
      const other = repo.workflows.get(basename(command.workflowFile));
      if (other === undefined) return [`gh workflow run: no workflow "${command.workflowFile}"`];
      if (!other.triggers.dispatchable) {
        return [`gh workflow run: ${command.workflowFile} has no workflow_dispatch trigger`];
      }
      return command.fields
        .filter((field) => !(field in other.triggers.dispatchInputs))
        .map((field) => `gh workflow run: ${command.workflowFile} has no input "${field}"`);
    }
  }
};

/**
 * Checks that everything a workflow refers to exists: each `npm run <script>` in the root
 * package.json, each `nx run <project>:<target>` and each target of `nx affected -t` /
 * `nx run-many -t` in the Nx project graph, each `gh workflow run` target and its inputs, and
 * the projects its release tags (`<project>@*`) and dispatch choices name.
 *
 * @example
 * ```ts
 * const problems = checkWorkflow(parseWorkflow('ci.yml', text), await readRepoModel());
 * ```
 */
export const checkWorkflow = (parsed: ParsedWorkflow, repo: RepoModel): WorkflowProblem[] => {
  const problems: WorkflowProblem[] = parsed.commands.flatMap((command) =>
    checkCommand(command, parsed, repo).map((message) => ({
      workflow: parsed.workflow,
      where: `${command.job} › ${command.step}`,
      message,
    })),
  );
  for (const pattern of parsed.triggers.tagPatterns) {
    const project = /^([^@*]+)@/.exec(pattern)?.[1];
    if (project !== undefined && !repo.targets.has(project)) {
      problems.push({
        workflow: parsed.workflow,
        where: 'on.push.tags',
        message: `tag pattern "${pattern}" names no project`,
      });
    }
  }
  for (const [name, input] of Object.entries(parsed.triggers.dispatchInputs)) {
    if (name !== 'service' && name !== 'project') continue;
    for (const option of input.options.filter((option) => !repo.targets.has(option))) {
      problems.push({
        workflow: parsed.workflow,
        where: `on.workflow_dispatch.inputs.${name}`,
        message: `option "${option}" is not a project`,
      });
    }
  }
  return problems;
};

/** One line per problem, for a test failure or a terminal. */
export const formatWorkflowProblems = (problems: readonly WorkflowProblem[]): string =>
  problems
    .map((problem) => `${problem.workflow} (${problem.where}): ${problem.message}`)
    .join('\n');
