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
    [['deploy'], {}, /^sls deploy changes a stack in AWS: name its stage with --stage/],
    [['remove'], { stage: '' }, /^sls remove changes a stack in AWS/],
    [['deploy'], { stage: 'local' }, /sls deploy --stage local refused/],
    [['deploy', 'function'], { s: 'local' }, /sls deploy --stage local refused/],
    [['rollback'], { stage: 'local' }, /sls rollback --stage local refused/],
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
