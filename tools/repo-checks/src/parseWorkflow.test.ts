import { describe, expect, it } from 'vitest';
import { commandsInScript, parseWorkflow, shellWords } from './parseWorkflow.ts';

describe('shellWords', () => {
  it('groups quotes, splits operators and drops comments', () => {
    // Act
    const words = shellWords(`npx nx run "$SERVICE:deploy" --stage 'prod' && echo done # why`);

    // Assess
    expect(words).toEqual([
      'npx',
      'nx',
      'run',
      '$SERVICE:deploy',
      '--stage',
      'prod',
      '&&',
      'echo',
      'done',
    ]);
  });
});

describe('commandsInScript', () => {
  it('finds npm scripts, nx run, nx affected and gh workflow run across lines', () => {
    // Act
    const commands = commandsInScript(
      [
        'set -euo pipefail',
        'CI=1 npm run -s format:check',
        'npm test',
        'npx nx affected -t lint,typecheck test \\',
        '  --parallel=2',
        'nx run-many --target=package --projects=tag:type:service',
        'npx nx run checkout:deploy --stage dev',
        'gh workflow run deploy.yml --ref "$tag" -f service="$service" -f stage=dev',
      ].join('\n'),
    );

    // Assess
    expect(commands).toEqual([
      { kind: 'npm-script', script: 'format:check' },
      { kind: 'npm-script', script: 'test' },
      { kind: 'nx-targets', subcommand: 'affected', targets: ['lint', 'typecheck', 'test'] },
      { kind: 'nx-targets', subcommand: 'run-many', targets: ['package'] },
      { kind: 'nx-run', project: 'checkout', target: 'deploy' },
      { kind: 'gh-workflow-run', workflowFile: 'deploy.yml', fields: ['service', 'stage'] },
    ]);
  });
});

describe('parseWorkflow', () => {
  it('reads run steps of every job, release tag patterns and dispatch choices', () => {
    // Prepare
    const text = [
      'on:',
      '  push:',
      "    tags: ['inventory@*']",
      '  workflow_dispatch:',
      '    inputs:',
      '      service: { type: choice, options: [inventory] }',
      'jobs:',
      '  a:',
      '    steps:',
      '      - uses: actions/checkout@v4',
      '      - run: npm run dlq -- list',
      '  b:',
      '    steps:',
      '      - name: Deploy',
      '        run: npx nx run inventory:deploy',
    ].join('\n');

    // Act
    const workflow = parseWorkflow('w.yml', text);

    // Assess
    expect(workflow.triggers).toEqual({
      dispatchable: true,
      tagPatterns: ['inventory@*'],
      dispatchInputs: { service: { options: ['inventory'] } },
    });
    expect(workflow.commands).toEqual([
      { workflow: 'w.yml', job: 'a', step: 'step 2', kind: 'npm-script', script: 'dlq' },
      {
        workflow: 'w.yml',
        job: 'b',
        step: 'Deploy',
        kind: 'nx-run',
        project: 'inventory',
        target: 'deploy',
      },
    ]);
  });
});
