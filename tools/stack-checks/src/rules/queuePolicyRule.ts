import { canonicalJson, isRecord, toArray } from '../isRecord.ts';
import { resourcesOfType } from '../parseTemplate.ts';
import { readMessaging, type SubscriptionView } from '../readMessaging.ts';
import { referenceOf } from '../referencedLogicalId.ts';
import type { StackRule } from '../stackRule.ts';
import { topicNameOf } from '../topicNameOf.ts';
import type { Violation } from '../violation.ts';

const SNS_PRINCIPAL = 'sns.amazonaws.com';
const SEND_MESSAGE = 'sqs:sendmessage';
// Exact-match operators only: ArnLike would accept wildcards, which widen who may send.
const EXACT_OPERATORS = ['ArnEquals', 'StringEquals'];

const onlySnsPrincipal = (principal: unknown): boolean => {
  if (!isRecord(principal)) return false;
  const keys = Object.keys(principal);
  const services = toArray(principal.Service);
  return (
    keys.length === 1 &&
    keys[0] === 'Service' &&
    services.length > 0 &&
    services.every((service) => service === SNS_PRINCIPAL)
  );
};

const sourceArnsOf = (condition: unknown): readonly unknown[] | undefined => {
  if (!isRecord(condition)) return undefined;
  for (const operator of EXACT_OPERATORS) {
    const keys = condition[operator];
    if (!isRecord(keys)) continue;
    // IAM condition keys are case-insensitive.
    const entry = Object.entries(keys).find(([key]) => key.toLowerCase() === 'aws:sourcearn');
    if (entry !== undefined) return toArray(entry[1]);
  }
  return undefined;
};

const describeArn = (arn: unknown): string => topicNameOf(arn) ?? canonicalJson(arn);

// SNS sends to the subscribed queue, and to the subscription's DLQ what it cannot deliver there.
const sendsTo = (subscription: SubscriptionView): readonly string[] => [
  ...(subscription.queueId === undefined ? [] : [subscription.queueId]),
  ...(subscription.redrive?.dlqId === undefined ? [] : [subscription.redrive.dlqId]),
];

/**
 * `queue-policy`: a queue policy lets only SNS send (`sqs:SendMessage`), and only from the topics
 * this template subscribes the queue to (`aws:SourceArn`), so no other topic or principal can
 * inject messages. A subscribed queue needs such a policy, or SNS cannot deliver; so does a
 * subscription's DLQ, for the topics of the subscriptions that dead-letter to it.
 */
export const queuePolicyRule: StackRule = {
  id: 'queue-policy',
  description:
    'Queue policies allow only sns.amazonaws.com to sqs:SendMessage, with aws:SourceArn equal to the topics of the subscriptions to (or dead-lettering to) the queue.',
  check: ({ service, template }) => {
    const { subscriptions, queues } = readMessaging(template);
    const violations: Violation[] = [];
    const report = (resource: string, message: string): void => {
      violations.push({ service, resource, rule: queuePolicyRule.id, message });
    };
    const covered = new Set<string>();
    for (const [logicalId, { Properties }] of resourcesOfType(template, 'AWS::SQS::QueuePolicy')) {
      const queueIds: string[] = [];
      for (const entry of toArray(Properties.Queues)) {
        const reference = referenceOf(entry);
        if (reference?.attribute === undefined && reference && queues.has(reference.logicalId)) {
          queueIds.push(reference.logicalId);
          covered.add(reference.logicalId);
        } else {
          report(
            logicalId,
            `Queues entry ${canonicalJson(entry)} is not a Ref to a queue of this template`,
          );
        }
      }
      const expected = new Map<string, unknown>();
      for (const subscription of subscriptions) {
        if (sendsTo(subscription).some((queueId) => queueIds.includes(queueId))) {
          expected.set(canonicalJson(subscription.topicArn), subscription.topicArn);
        }
      }
      const document = isRecord(Properties.PolicyDocument) ? Properties.PolicyDocument : {};
      toArray(document.Statement).forEach((statement, index) => {
        if (!isRecord(statement) || statement.Effect !== 'Allow') return;
        const label = `statement ${typeof statement.Sid === 'string' ? statement.Sid : `#${index + 1}`}`;
        if ('NotPrincipal' in statement || !onlySnsPrincipal(statement.Principal)) {
          report(logicalId, `${label}: Principal must be only the service ${SNS_PRINCIPAL}`);
        }
        const actions = toArray(statement.Action);
        if (
          'NotAction' in statement ||
          actions.length === 0 ||
          !actions.every(
            (action) => typeof action === 'string' && action.toLowerCase() === SEND_MESSAGE,
          )
        ) {
          report(
            logicalId,
            `${label}: Action must be only sqs:SendMessage, not ${canonicalJson(statement.Action ?? statement.NotAction)}`,
          );
        }
        const sourceArns = sourceArnsOf(statement.Condition);
        if (sourceArns === undefined) {
          report(
            logicalId,
            `${label}: no ArnEquals aws:SourceArn condition limits it to the subscribed topics`,
          );
          return;
        }
        const allowed = new Map(sourceArns.map((arn) => [canonicalJson(arn), arn]));
        for (const [key, arn] of allowed) {
          if (!expected.has(key)) {
            report(
              logicalId,
              `${label}: aws:SourceArn allows ${describeArn(arn)}, which no subscription of its queue uses`,
            );
          }
        }
        for (const [key, arn] of expected) {
          if (!allowed.has(key)) {
            report(
              logicalId,
              `${label}: aws:SourceArn lacks ${describeArn(arn)}, which its queue subscribes to`,
            );
          }
        }
      });
    }
    const subscribed = new Set(subscriptions.map((subscription) => subscription.queueId));
    const deadLettered = new Set(subscriptions.map((subscription) => subscription.redrive?.dlqId));
    for (const queueId of queues.keys()) {
      if (covered.has(queueId)) continue;
      if (subscribed.has(queueId)) {
        report(
          queueId,
          'is subscribed to topics, but no AWS::SQS::QueuePolicy lets them send to it',
        );
      } else if (deadLettered.has(queueId)) {
        report(
          queueId,
          'is the DLQ of subscriptions, but no AWS::SQS::QueuePolicy lets their topics send to it, so SNS could not dead-letter',
        );
      }
    }
    return violations;
  },
};
