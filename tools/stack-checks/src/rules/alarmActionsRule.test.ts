import { describe, expect, it } from 'vitest';
import {
  passingResources,
  stackOf,
  stackWith,
  topicArn,
  violationLines,
} from '../../tests/fixtures/fixtureStack.ts';
import { alarmActionsRule, operationsTopicName } from './alarmActionsRule.ts';

const ALARM = 'OrdersDlqDepthAlarm';

describe('alarmActionsRule', () => {
  it('names the operations topic of a stage', () => {
    // Act
    const name = operationsTopicName('prod');

    // Assess
    expect(name).toBe('conveyor-prod-operations');
  });

  it('passes alarms that notify the operations topic on alarm and on recovery', () => {
    // Act
    const lines = violationLines(alarmActionsRule, stackOf(passingResources()));

    // Assess
    expect(lines).toEqual([]);
  });

  it('accepts a literal ARN and further actions beside the operations topic', () => {
    // Prepare
    const stack = stackWith(ALARM, (properties) => {
      properties.AlarmActions = [
        topicArn('conveyor-dev-pager'),
        'arn:aws:sns:eu-west-1:123456789012:conveyor-dev-operations',
      ];
    });

    // Act
    const lines = violationLines(alarmActionsRule, stack);

    // Assess
    expect(lines).toEqual([]);
  });

  it('fails an alarm without actions', () => {
    // Prepare
    const stack = stackWith(ALARM, (properties) => {
      delete properties.AlarmActions;
      properties.OKActions = [];
    });

    // Act
    const lines = violationLines(alarmActionsRule, stack);

    // Assess
    expect(lines).toEqual([
      `inventory: ${ALARM}: alarm-actions: has no AlarmActions; it must notify the operations topic conveyor-dev-operations`,
      `inventory: ${ALARM}: alarm-actions: has no OKActions; it must notify the operations topic conveyor-dev-operations`,
    ]);
  });

  it("fails actions that leave out the stage's operations topic", () => {
    // Prepare
    const stack = stackWith(ALARM, (properties) => {
      properties.OKActions = [topicArn('conveyor-prod-operations')];
    });

    // Act
    const lines = violationLines(alarmActionsRule, stack);

    // Assess
    expect(lines).toEqual([
      `inventory: ${ALARM}: alarm-actions: OKActions [{"Fn::Sub":"arn:\${AWS::Partition}:sns:\${AWS::Region}:\${AWS::AccountId}:conveyor-prod-operations"}] do not include the operations topic conveyor-dev-operations`,
    ]);
  });

  it.each([
    ['without a name, which CloudFormation makes from the stack', undefined, 'undefined'],
    [
      'named for another stage',
      'conveyor-prod-inventory-orders-dlq-depth',
      '"conveyor-prod-inventory-orders-dlq-depth"',
    ],
  ])(
    "fails an alarm %s: the operations topic's key would drop its notifications",
    (_case, name, shown) => {
      // Prepare
      const stack = stackWith(ALARM, (properties) => {
        if (name === undefined) delete properties.AlarmName;
        else properties.AlarmName = name;
      });

      // Act
      const lines = violationLines(alarmActionsRule, stack);

      // Assess
      expect(lines).toEqual([
        `inventory: ${ALARM}: alarm-actions: AlarmName ${shown} does not start with conveyor-dev-: the operations topic's key lets only the stage's alarms of that name publish`,
      ]);
    },
  );

  it('fails an alarm whose actions are disabled', () => {
    // Prepare
    const stack = stackWith(ALARM, (properties) => {
      properties.ActionsEnabled = false;
    });

    // Act
    const lines = violationLines(alarmActionsRule, stack);

    // Assess
    expect(lines).toEqual([
      `inventory: ${ALARM}: alarm-actions: ActionsEnabled is false, so it notifies nobody`,
    ]);
  });
});
