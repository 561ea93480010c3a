import { isRecord } from './isRecord.ts';
import type { CloudFormationTemplate } from './parseTemplate.ts';
import { referenceOf } from './referencedLogicalId.ts';

// arn:<partition>:sns:<region>:<account>:<name>, each part literal or a ${AWS::...} pseudo parameter.
const TOPIC_ARN =
  /^arn:(?:[a-z-]+|\$\{AWS::Partition\}):sns:(?:[a-z0-9-]+|\$\{AWS::Region\}):(?:\d{12}|\$\{AWS::AccountId\}):([A-Za-z0-9_.-]+)$/;

/**
 * The topic name a subscription's `TopicArn` (or a queue policy's `aws:SourceArn`) points at:
 * a literal ARN, an `Fn::Sub` ARN built from pseudo parameters (how consumers derive a producer's
 * topic), or a `Ref` to a topic of the same template. `undefined` when it cannot be read.
 *
 * @example
 * ```ts
 * topicNameOf({ 'Fn::Sub': 'arn:${AWS::Partition}:sns:${AWS::Region}:${AWS::AccountId}:conveyor-dev-order-events.fifo' });
 * // 'conveyor-dev-order-events.fifo'
 * ```
 */
export const topicNameOf = (
  arn: unknown,
  template?: CloudFormationTemplate,
): string | undefined => {
  if (typeof arn === 'string') return TOPIC_ARN.exec(arn)?.[1];
  if (!isRecord(arn)) return undefined;
  const sub = arn['Fn::Sub'];
  if (typeof sub === 'string') return TOPIC_ARN.exec(sub)?.[1];
  const reference = referenceOf(arn);
  if (reference?.attribute === undefined && reference !== undefined && template !== undefined) {
    const topic = template.Resources[reference.logicalId];
    const name = topic?.Properties.TopicName;
    if (topic?.Type === 'AWS::SNS::Topic' && typeof name === 'string') return name;
  }
  return undefined;
};
