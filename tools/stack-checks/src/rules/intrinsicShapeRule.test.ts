import { describe, expect, it } from 'vitest';
import {
  passingResources,
  stackOf,
  stackWith,
  violationLines,
} from '../../tests/fixtures/fixtureStack.ts';
import { parseTemplate } from '../parseTemplate.ts';
import { intrinsicShapeRule } from './intrinsicShapeRule.ts';

describe('intrinsicShapeRule', () => {
  it('passes a template whose intrinsic functions stand alone', () => {
    // Act
    const lines = violationLines(intrinsicShapeRule, stackOf(passingResources()));

    // Assess
    expect(lines).toEqual([]);
  });

  it('names an output whose Value merged two functions, as a re-declared HttpApiUrl does', () => {
    // Prepare
    const stack = {
      ...stackOf(passingResources()),
      template: parseTemplate({
        Resources: passingResources(),
        Outputs: {
          HttpApiUrl: {
            Value: {
              'Fn::Join': ['', ['https://', { Ref: 'HttpApi' }]],
              'Fn::Sub': 'https://${HttpApi}.execute-api.${AWS::Region}.amazonaws.com',
            },
          },
        },
      }),
    };

    // Act
    const lines = violationLines(intrinsicShapeRule, stack);

    // Assess
    expect(lines).toEqual([
      'inventory: Outputs.HttpApiUrl: intrinsic-shape: Output.Value {Fn::Join, Fn::Sub} mixes an intrinsic function with other keys; CloudFormation rejects it',
    ]);
  });

  it('names a property that holds a Ref beside another key, however deep', () => {
    // Prepare
    const stack = stackWith('OrdersQueue', (properties) => {
      properties.Tags = [{ Key: 'stage', Value: { Ref: 'Stage', Default: 'dev' } }];
    });

    // Act
    const lines = violationLines(intrinsicShapeRule, stack);

    // Assess
    expect(lines).toEqual([
      'inventory: OrdersQueue: intrinsic-shape: Properties.Tags[0].Value {Ref, Default} mixes an intrinsic function with other keys; CloudFormation rejects it',
    ]);
  });
});
