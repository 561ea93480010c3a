import { describe, expect, it } from 'vitest';
import { assertDeployableStage } from './assertDeployableStage.ts';
import { TopologyPluginError } from './errors.ts';

describe('assertDeployableStage', () => {
  it.each([
    [['deploy'], { stage: 'dev' }],
    [['deploy', 'function'], { stage: 'prod', function: 'getShipment' }],
    [['remove'], { s: 'pr-42' }],
    [['package'], {}],
    [['package'], { stage: 'local' }],
    [['offline', 'start'], { stage: 'local' }],
    [['deploy', 'list'], {}],
    [['deploy', 'list', 'functions'], { stage: 'local' }],
    [['rollback'], {}],
    [[], {}],
  ])('lets %j with %j through', (commands, options) => {
    // Act
    const check = () => {
      assertDeployableStage(commands, options);
    };

    // Assess
    expect(check).not.toThrow();
  });

  it.each([
    [
      ['deploy'],
      {},
      /^sls deploy changes a stack in AWS: name its stage with --stage .*as npx nx run <service>:deploy --stage dev does/,
    ],
    [['remove'], { stage: '' }, /^sls remove changes a stack in AWS/],
    [['deploy'], { stage: 'local' }, /sls deploy --stage local refused/],
    [['deploy', 'function'], { s: 'local' }, /sls deploy --stage local refused/],
    [
      ['rollback'],
      { stage: 'local', timestamp: '1765000000000' },
      /sls rollback --stage local refused/,
    ],
    // There is no rollback target: it names the sls command the deploy guide gives.
    [
      ['rollback'],
      { timestamp: '1765000000000' },
      /^sls rollback changes a stack in AWS: .*as npx sls rollback --timestamp <timestamp> --stage dev does from the service;/,
    ],
  ])('refuses %j with %j', (commands, options, message) => {
    // Act
    const check = () => {
      assertDeployableStage(commands, options);
    };

    // Assess
    expect(check).toThrow(TopologyPluginError);
    expect(check).toThrow(message);
  });
});
