import type { DescribedRequest } from './AuthorizationCheck.ts';
import { type ArnScope, topicArn } from './arns.ts';

const actionOf: Readonly<Record<string, string>> = { PublishBatch: 'Publish' };

// Actions IAM authorises on `*`.
const accountWide = new Set([
  'ListTopics',
  'ListSubscriptions',
  'CreatePlatformApplication',
  'ListPlatformApplications',
  'GetSMSAttributes',
  'SetSMSAttributes',
  'ListPhoneNumbersOptedOut',
  'CheckIfPhoneNumberIsOptedOut',
  'OptInPhoneNumber',
]);

/** A subscription ARN is its topic's ARN plus `:<id>`. */
const topicOfSubscription = (subscriptionArn: string): string =>
  subscriptionArn.slice(0, subscriptionArn.lastIndexOf(':'));

/**
 * What an SNS call (query protocol, form-encoded `Action=...`) needs: the action and the topic it
 * names (`TopicArn`, `TargetArn`, `ResourceArn`, a subscription's topic, or `Name` on create).
 */
export const describeSnsRequest = (
  params: ReadonlyMap<string, string>,
  scope: ArnScope,
): DescribedRequest => {
  const operation = params.get('Action') ?? '';
  const action = `sns:${actionOf[operation] ?? operation}`;
  const subscriptionArn = params.get('SubscriptionArn');
  const name = params.get('Name');
  let resource: string | undefined;
  if (accountWide.has(operation)) resource = '*';
  else if (operation === 'CreateTopic' && name !== undefined) resource = topicArn(name, scope);
  else
    resource =
      params.get('TopicArn') ??
      params.get('TargetArn') ??
      params.get('ResourceArn') ??
      (subscriptionArn === undefined ? undefined : topicOfSubscription(subscriptionArn));
  return {
    operation,
    checks: [
      {
        action: resource === undefined || operation === '' ? undefined : action,
        resources: resource === undefined ? [] : [resource],
        context: {},
      },
    ],
  };
};
