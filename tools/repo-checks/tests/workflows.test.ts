// Every `npm run`, `nx run`, `nx affected`/`nx run-many` and `gh workflow run` in
// .github/workflows names something that exists; a fixture with deliberate mismatches proves
// the check fails when it should.
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkWorkflow, formatWorkflowProblems, type RepoModel } from '../src/checkWorkflow.ts';
import { parseWorkflow } from '../src/parseWorkflow.ts';
import { readRepoModel } from '../src/readRepoModel.ts';

let repo: RepoModel;

beforeAll(async () => {
  // Compute the graph in this process: no Nx daemon left running after the tests.
  process.env.NX_DAEMON = 'false';
  repo = await readRepoModel();
});

describe('the repository workflows', () => {
  it('refer only to npm scripts, Nx projects, targets and workflow inputs that exist', () => {
    // Act
    const problems = [...repo.workflows.values()].flatMap((workflow) =>
      checkWorkflow(workflow, repo),
    );

    // Assess
    expect(formatWorkflowProblems(problems)).toBe('');
  });

  it('are actually read: each runs what it is for', () => {
    // Prepare
    const commands = (name: string) => repo.workflows.get(name)?.commands ?? [];

    // Act
    const ci = commands('ci.yml');
    const deploy = commands('deploy.yml');
    const release = commands('release.yml');

    // Assess
    expect(ci).toContainEqual(
      expect.objectContaining({
        kind: 'nx-targets',
        subcommand: 'affected',
        targets: ['lint', 'typecheck', 'test', 'package'],
      }),
    );
    expect(deploy).toContainEqual(
      expect.objectContaining({ kind: 'nx-run', project: '$SERVICE', target: 'deploy' }),
    );
    expect(deploy).toContainEqual(
      expect.objectContaining({ kind: 'npm-script', script: 'deploy:preflight' }),
    );
    expect(release).toContainEqual(
      expect.objectContaining({ kind: 'gh-workflow-run', workflowFile: 'deploy.yml' }),
    );
  });

  it('deploy every service: a release tag pattern and a dispatch option for each', () => {
    // Prepare: the services of the workspace, however many a team has added.
    const services = [...repo.services].toSorted();

    // Act
    const triggers = repo.workflows.get('deploy.yml')?.triggers;

    // Assess
    expect(services).toContain('checkout');
    expect(triggers?.tagPatterns.toSorted()).toEqual(services.map((service) => `${service}@*`));
    expect(triggers?.dispatchInputs['service']?.options.toSorted()).toEqual(services);
  });
});

describe('a workflow with mismatches', () => {
  it('fails the check, naming each mismatch', async () => {
    // Prepare
    const file = fileURLToPath(new URL('fixtures/mismatched-workflow.yml', import.meta.url));
    const workflow = parseWorkflow('mismatched-workflow.yml', await readFile(file, 'utf8'));

    // Act
    const problems = checkWorkflow(workflow, repo);

    // Assess
    expect(problems.map((problem) => `${problem.where}: ${problem.message}`)).toEqual([
      'broken › Script that is not in package.json: npm script "lint:everything" is not in the root package.json',
      'broken › Target with a typo: project "checkout" has no target "deplyo"',
      'broken › Project that does not exist: nx project "billing" does not exist',
      'broken › One wrong target among good ones: nx affected: no project has a target "tset"',
      'broken › Run-many with a comma list: nx run-many: no project has a target "e2e-tests"',
      'broken › Dynamic project whose candidates lack the target: project "checkout" (one the workflow runs for) has no target "offline-deploy"',
      'broken › Dispatch of a workflow input that does not exist: gh workflow run: deploy.yml has no input "region"',
      'on.push.tags: tag pattern "billing@*" names no project',
      'on.workflow_dispatch.inputs.service: option "billing" is not a project',
    ]);
  });
});
