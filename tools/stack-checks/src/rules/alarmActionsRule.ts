import { topology } from '@conveyor/event-types';
import { canonicalJson, literalOrSubText, toArray } from '../isRecord.ts';
import { resourcesOfType } from '../parseTemplate.ts';
import type { StackRule } from '../stackRule.ts';
import { topicNameOf } from '../topicNameOf.ts';
import type { Violation } from '../violation.ts';

/**
 * The stage's operations topic, which every alarm notifies: `conveyor-<stage>-operations`. It is
 * created once per account and stage, not by a service stack, so templates name it by ARN.
 * Unlike event-types' `operationsTopicName`, it takes any stage text: the bootstrap templates are
 * checked with the placeholder `${Stage}`.
 *
 * @example
 * ```ts
 * operationsTopicName('dev'); // 'conveyor-dev-operations'
 * ```
 */
export const operationsTopicName = (stage: string): string =>
  `${topology.namePrefix}-${stage}-${topology.operations.topicName}`;

// The alarm's two action lists; INSUFFICIENT_DATA tells nothing an operator acts on.
const ACTION_LISTS = ['AlarmActions', 'OKActions'] as const;

/**
 * `alarm-actions`: every alarm notifies the stage's operations topic when it fires and when it
 * recovers (`AlarmActions` and `OKActions`), and its actions are not disabled. An alarm without
 * actions changes colour in a console nobody watches. Its `AlarmName` starts with
 * `conveyor-<stage>-`: the topic's key lets only the stage's alarms by that name encrypt
 * notifications (`docs/bootstrap/operations-topic.yml`), and drops the others' silently.
 */
export const alarmActionsRule: StackRule = {
  id: 'alarm-actions',
  description:
    "Every alarm is named conveyor-<stage>-..., its AlarmActions and OKActions include the stage's operations topic, and ActionsEnabled is not false.",
  check: ({ service, stage, template }) => {
    const violations: Violation[] = [];
    const operationsTopic = operationsTopicName(stage);
    const namePrefix = `${topology.namePrefix}-${stage}-`;
    for (const [logicalId, { Properties }] of resourcesOfType(template, 'AWS::CloudWatch::Alarm')) {
      const report = (message: string): void => {
        violations.push({ service, resource: logicalId, rule: alarmActionsRule.id, message });
      };
      const name = literalOrSubText(Properties.AlarmName);
      if (name === undefined || !name.startsWith(namePrefix)) {
        report(
          `AlarmName ${canonicalJson(Properties.AlarmName)} does not start with ${namePrefix}: the operations topic's key lets only the stage's alarms of that name publish`,
        );
      }
      if (Properties.ActionsEnabled === false || Properties.ActionsEnabled === 'false') {
        report('ActionsEnabled is false, so it notifies nobody');
      }
      for (const list of ACTION_LISTS) {
        const actions = toArray(Properties[list]);
        if (actions.length === 0) {
          report(`has no ${list}; it must notify the operations topic ${operationsTopic}`);
        } else if (!actions.some((action) => topicNameOf(action) === operationsTopic)) {
          report(
            `${list} ${canonicalJson(Properties[list])} do not include the operations topic ${operationsTopic}`,
          );
        }
      }
    }
    return violations;
  },
};
