import { canonicalJson, isRecord, literalOrSubText, toArray } from '../isRecord.ts';
import { resourcesOfType, type TemplateResource } from '../parseTemplate.ts';
import { referenceOf } from '../referencedLogicalId.ts';
import type { StackRule } from '../stackRule.ts';
import type { Violation } from '../violation.ts';
import { operationsTopicName } from './alarmActionsRule.ts';

// The services that publish to the operations topic, each encrypting what it publishes with the
// topic's key: CloudWatch (the alarms) and AWS Budgets (the stage's budget).
const PUBLISHERS = ['cloudwatch.amazonaws.com', 'budgets.amazonaws.com'] as const;
const NEEDED_ACTIONS = ['kms:decrypt', 'kms:generatedatakey*'] as const;

// Whether a key policy statement lets `service` use the key for `NEEDED_ACTIONS`, on behalf of
// this account only (`aws:SourceAccount`: another account's alarms cannot use the key).
const letsPublish = (statement: unknown, service: string): boolean => {
  if (!isRecord(statement) || statement.Effect !== 'Allow') return false;
  const principal = isRecord(statement.Principal) ? statement.Principal.Service : undefined;
  const actions = toArray(statement.Action).map((action) => String(action).toLowerCase());
  const condition = isRecord(statement.Condition) ? statement.Condition : {};
  const equals = isRecord(condition.StringEquals) ? condition.StringEquals : {};
  return (
    toArray(principal).includes(service) &&
    NEEDED_ACTIONS.every((action) => actions.includes(action) || actions.includes('kms:*')) &&
    equals['aws:SourceAccount'] !== undefined
  );
};

/**
 * `operations-topic`: checks the bootstrap template of a stage's operations topic
 * (`docs/bootstrap/operations-topic.yml`), not a service stack. The topic
 * `conveyor-<stage>-operations` is standard (alarms cannot notify a FIFO topic) and encrypted at
 * rest with a customer managed key of the same template, not the AWS managed `alias/aws/sns`,
 * which CloudWatch cannot use. The key rotates, and its policy lets CloudWatch and AWS Budgets
 * use it (`kms:Decrypt`, `kms:GenerateDataKey*`) for this account only: without that, the topic
 * drops their notifications without an error anywhere.
 */
export const operationsTopicRule: StackRule = {
  id: 'operations-topic',
  description:
    "The stage's operations topic is standard and encrypted with a rotating customer managed key that CloudWatch and AWS Budgets of this account may use.",
  check: ({ service, stage, template }) => {
    const violations: Violation[] = [];
    const name = operationsTopicName(stage);
    const report = (resource: string, message: string): void => {
      violations.push({ service, resource, rule: operationsTopicRule.id, message });
    };
    const topics = resourcesOfType(template, 'AWS::SNS::Topic').filter(
      ([, { Properties }]) => literalOrSubText(Properties.TopicName) === name,
    );
    const [topic] = topics;
    if (topic === undefined) {
      report('(template)', `has no AWS::SNS::Topic named ${name}`);
      return violations;
    }
    const [topicId, { Properties }] = topic;
    if (Properties.FifoTopic === true || Properties.FifoTopic === 'true') {
      report(topicId, 'is a FIFO topic: CloudWatch alarms cannot notify one');
    }
    const keyId = referenceOf(Properties.KmsMasterKeyId)?.logicalId;
    const key: TemplateResource | undefined =
      keyId === undefined ? undefined : template.Resources[keyId];
    if (keyId === undefined || key?.Type !== 'AWS::KMS::Key') {
      report(
        topicId,
        `KmsMasterKeyId must name an AWS::KMS::Key of this template (Ref or Fn::GetAtt Arn), not ${canonicalJson(Properties.KmsMasterKeyId)}: CloudWatch cannot publish to a topic encrypted with the AWS managed key alias/aws/sns`,
      );
      return violations;
    }
    if (key.Properties.EnableKeyRotation !== true && key.Properties.EnableKeyRotation !== 'true') {
      report(keyId, 'EnableKeyRotation must be true');
    }
    const policy = isRecord(key.Properties.KeyPolicy) ? key.Properties.KeyPolicy : {};
    const statements = toArray(policy.Statement);
    for (const publisher of PUBLISHERS) {
      if (!statements.some((statement) => letsPublish(statement, publisher))) {
        report(
          keyId,
          `KeyPolicy does not let ${publisher} use kms:Decrypt and kms:GenerateDataKey* with an aws:SourceAccount condition: its notifications to ${name} would be dropped`,
        );
      }
    }
    return violations;
  },
};
