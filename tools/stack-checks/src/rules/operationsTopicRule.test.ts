import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { PackagedStack } from '../packagedStack.ts';
import { parseTemplate } from '../parseTemplate.ts';
import type { StackRule } from '../stackRule.ts';
import { formatViolation } from '../violation.ts';
import { encryptionAtRestRule } from './encryptionAtRestRule.ts';
import { operationsTopicRule } from './operationsTopicRule.ts';

interface Resource {
  Type: string;
  Properties: Record<string, unknown>;
}

interface Statement {
  Sid: string;
  Condition?: Record<string, unknown>;
}

// The bootstrap template as an operator deploys it; its topic is named with the Stage parameter.
const bootstrapResources = (): Record<string, Resource> =>
  (
    parse(
      readFileSync(
        new URL('../../../../docs/bootstrap/operations-topic.yml', import.meta.url),
        'utf8',
      ),
    ) as { Resources: Record<string, Resource> }
  ).Resources;

const linesOf = (resources: Record<string, Resource>, rule: StackRule = operationsTopicRule) => {
  const stack: PackagedStack = {
    service: 'operations',
    stage: '${Stage}',
    template: parseTemplate({ Resources: resources }),
    stackTags: {},
  };
  return rule.check(stack).map(formatViolation);
};

const keyStatements = (resources: Record<string, Resource>): Statement[] =>
  (resources.OperationsTopicKey!.Properties.KeyPolicy as { Statement: Statement[] }).Statement;

describe('operationsTopicRule', () => {
  it('passes the bootstrap template of docs/bootstrap/operations-topic.yml, which is encrypted at rest', () => {
    // Act
    const lines = [
      ...linesOf(bootstrapResources()),
      ...linesOf(bootstrapResources(), encryptionAtRestRule),
    ];

    // Assess
    expect(lines).toEqual([]);
  });

  it('fails a topic encrypted with the AWS managed key, which CloudWatch cannot use', () => {
    // Prepare
    const resources = bootstrapResources();
    resources.OperationsTopic!.Properties.KmsMasterKeyId = 'alias/aws/sns';

    // Act
    const lines = linesOf(resources);

    // Assess
    expect(lines).toEqual([
      'operations: OperationsTopic: operations-topic: KmsMasterKeyId must name an AWS::KMS::Key of this template (Ref or Fn::GetAtt Arn), not "alias/aws/sns": CloudWatch cannot publish to a topic encrypted with the AWS managed key alias/aws/sns',
    ]);
  });

  it('fails an unencrypted FIFO topic', () => {
    // Prepare
    const resources = bootstrapResources();
    resources.OperationsTopic!.Properties.FifoTopic = true;
    delete resources.OperationsTopic!.Properties.KmsMasterKeyId;

    // Act
    const lines = linesOf(resources);

    // Assess
    expect(lines).toEqual([
      'operations: OperationsTopic: operations-topic: is a FIFO topic: CloudWatch alarms cannot notify one',
      'operations: OperationsTopic: operations-topic: KmsMasterKeyId must name an AWS::KMS::Key of this template (Ref or Fn::GetAtt Arn), not undefined: CloudWatch cannot publish to a topic encrypted with the AWS managed key alias/aws/sns',
    ]);
  });

  it('fails a key that does not rotate, and whose policy leaves out CloudWatch or does not scope Budgets to the account', () => {
    // Prepare
    const resources = bootstrapResources();
    resources.OperationsTopicKey!.Properties.EnableKeyRotation = false;
    const statements = keyStatements(resources);
    const budgets = statements.find((statement) => statement.Sid === 'Budgets')!;
    delete budgets.Condition;
    resources.OperationsTopicKey!.Properties.KeyPolicy = {
      Version: '2012-10-17',
      Statement: statements.filter((statement) => statement.Sid !== 'CloudWatchAlarms'),
    };

    // Act
    const lines = linesOf(resources);

    // Assess
    expect(lines).toEqual([
      'operations: OperationsTopicKey: operations-topic: EnableKeyRotation must be true',
      'operations: OperationsTopicKey: operations-topic: KeyPolicy does not let cloudwatch.amazonaws.com use kms:Decrypt and kms:GenerateDataKey* with an aws:SourceAccount condition: its notifications to conveyor-${Stage}-operations would be dropped',
      'operations: OperationsTopicKey: operations-topic: KeyPolicy does not let budgets.amazonaws.com use kms:Decrypt and kms:GenerateDataKey* with an aws:SourceAccount condition: its notifications to conveyor-${Stage}-operations would be dropped',
    ]);
  });

  it('fails a template whose topic has another name', () => {
    // Prepare
    const resources = bootstrapResources();
    resources.OperationsTopic!.Properties.TopicName = 'alerts';

    // Act
    const lines = linesOf(resources);

    // Assess
    expect(lines).toEqual([
      'operations: (template): operations-topic: has no AWS::SNS::Topic named conveyor-${Stage}-operations',
    ]);
  });
});
