import {
  CreateTopicCommand,
  GetSubscriptionAttributesCommand,
  GetTopicAttributesCommand,
  ListSubscriptionsByTopicCommand,
  SetTopicAttributesCommand,
  type SNSClient,
  SubscribeCommand,
  UnsubscribeCommand,
} from '@aws-sdk/client-sns';
import { ProvisioningError } from './errors.ts';
import {
  provisioning,
  type ProvisionRecorder,
  sameJson,
  toAttributeString,
  toJsonString,
} from './provisionReport.ts';
import { resolveIntrinsics } from './resolveIntrinsics.ts';
import {
  type CatalogEntry,
  isFifoName,
  isTrue,
  type LocalCloudIdentity,
  parseArn,
  type ResourceCatalog,
  ResourceTypes,
} from './resourceCatalog.ts';

const topicScalarAttributes = [
  'ContentBasedDeduplication',
  'DisplayName',
  'KmsMasterKeyId',
  'SignatureVersion',
  'TracingConfig',
] as const;
const topicHandledProperties = new Set([
  'ArchivePolicy',
  'TopicName',
  'FifoTopic',
  'Subscription',
  'Tags',
  ...topicScalarAttributes,
]);
const subscriptionJsonAttributes = ['FilterPolicy', 'RedrivePolicy', 'DeliveryPolicy'] as const;
const subscriptionHandledProperties = new Set([
  'TopicArn',
  'Protocol',
  'Endpoint',
  'RawMessageDelivery',
  'FilterPolicyScope',
  'Region',
  ...subscriptionJsonAttributes,
]);

/**
 * The retention of an `ArchivePolicy` (`{ MessageRetentionPeriod: <days> }`, days as a number or
 * a string), or undefined for none (`{}`, empty).
 */
const archiveRetention = (policy: string | undefined, where: string): number | undefined => {
  if (policy === undefined || policy.trim() === '') return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(policy);
  } catch {
    throw new ProvisioningError(`${where} is not valid JSON`);
  }
  const period = (parsed as { MessageRetentionPeriod?: unknown } | null)?.MessageRetentionPeriod;
  if (period === undefined) return undefined;
  const days = Number(period);
  if (!Number.isInteger(days)) {
    throw new ProvisioningError(`${where}.MessageRetentionPeriod must be a whole number of days`);
  }
  return days;
};

const isNotFound = (error: unknown): boolean =>
  error instanceof Error && (error.name === 'NotFoundException' || error.name === 'NotFound');

const resolvedProperties = (
  entry: CatalogEntry,
  catalog: ResourceCatalog,
): Readonly<Record<string, unknown>> =>
  resolveIntrinsics(
    entry.properties,
    catalog.context,
    `Resources.${entry.logicalId}.Properties`,
  ) as Readonly<Record<string, unknown>>;

const topicExists = async (sns: SNSClient, topicArn: string): Promise<boolean> => {
  try {
    await sns.send(new GetTopicAttributesCommand({ TopicArn: topicArn }));
    return true;
  } catch (error) {
    if (isNotFound(error)) {
      return false;
    }
    throw error;
  }
};

/** CreateTopic is idempotent; only the immutable FIFO flag goes in, the rest is reconciled. */
const createTopic = async (sns: SNSClient, name: string, expectedArn: string): Promise<void> => {
  const { TopicArn } = await sns.send(
    new CreateTopicCommand({
      Name: name,
      ...(isFifoName(name) ? { Attributes: { FifoTopic: 'true' } } : {}),
    }),
  );
  if (TopicArn !== expectedArn) {
    throw new ProvisioningError(
      `the local cloud gives topic ARN ${String(TopicArn)}, expected ${expectedArn}`,
    );
  }
};

const provisionTopic = async (
  entry: CatalogEntry,
  catalog: ResourceCatalog,
  sns: SNSClient,
  recorder: ProvisionRecorder,
): Promise<void> => {
  const properties = resolvedProperties(entry, catalog);
  const name = catalog.nameOf(entry.logicalId);
  const topicArn = catalog.context.ref(entry.logicalId);
  if (typeof topicArn !== 'string') {
    throw new ProvisioningError(topicArn.unresolvable);
  }
  if (isTrue(properties['FifoTopic']) !== isFifoName(name)) {
    throw new ProvisioningError(`a FIFO topic's name must end in .fifo, and only a FIFO topic's`);
  }
  const created = !(await topicExists(sns, topicArn));
  if (created) {
    await createTopic(sns, name, topicArn);
  }
  const actual =
    (await sns.send(new GetTopicAttributesCommand({ TopicArn: topicArn }))).Attributes ?? {};
  const desired: Record<string, string> = isFifoName(name)
    ? { ContentBasedDeduplication: 'false' }
    : {};
  for (const key of topicScalarAttributes) {
    const value = properties[key];
    if (value !== undefined) {
      desired[key] = toAttributeString(value, `Resources.${entry.logicalId}.Properties.${key}`);
    }
  }
  let changed = false;
  for (const [key, value] of Object.entries(desired)) {
    if (actual[key] !== value && !(actual[key] === undefined && value === '')) {
      await sns.send(
        new SetTopicAttributesCommand({
          TopicArn: topicArn,
          AttributeName: key,
          AttributeValue: value,
        }),
      );
      changed = true;
    }
  }
  // Set as CloudFormation sets it, after the topic exists; the local cloud archives from then on.
  // A policy the template no longer has is left on: turning it off deletes the archive.
  const archivePolicy = properties['ArchivePolicy'];
  if (archivePolicy !== undefined) {
    const where = `Resources.${entry.logicalId}.Properties.ArchivePolicy`;
    const desiredPolicy = toJsonString(archivePolicy);
    if (
      archiveRetention(desiredPolicy, where) !==
      archiveRetention(actual['ArchivePolicy'], `${topicArn} ArchivePolicy`)
    ) {
      await sns.send(
        new SetTopicAttributesCommand({
          TopicArn: topicArn,
          AttributeName: 'ArchivePolicy',
          AttributeValue: desiredPolicy,
        }),
      );
      changed = true;
    }
  }
  for (const key of Object.keys(properties)) {
    if (!topicHandledProperties.has(key)) {
      recorder.notApplied(entry.logicalId, key);
    }
  }
  recorder.record(entry.logicalId, created ? 'created' : changed ? 'updated' : 'unchanged');
};

/** A subscription to provision: a resource, or an entry of a topic's `Subscription` list. */
interface DesiredSubscription {
  readonly label: string;
  readonly topicArn: string;
  readonly endpoint: string;
  readonly attributes: Readonly<Record<string, string>>;
}

const desiredSubscriptionAttributes = (
  properties: Readonly<Record<string, unknown>>,
  label: string,
): Record<string, string> => {
  const attributes: Record<string, string> = {
    RawMessageDelivery: isTrue(properties['RawMessageDelivery']) ? 'true' : 'false',
  };
  for (const key of subscriptionJsonAttributes) {
    const value = properties[key];
    if (value !== undefined) {
      attributes[key] = toJsonString(value);
    }
  }
  const scope = properties['FilterPolicyScope'];
  if (scope !== undefined) {
    attributes['FilterPolicyScope'] = toAttributeString(scope, `${label}.FilterPolicyScope`);
  }
  return attributes;
};

const asString = (value: unknown, where: string): string => {
  if (typeof value !== 'string' || value === '') {
    throw new ProvisioningError(`${where} must be a non-empty string`);
  }
  return value;
};

/** Gathers the SQS subscriptions of the template; other protocols are noted and skipped. */
const desiredSubscriptions = (
  catalog: ResourceCatalog,
  recorder: ProvisionRecorder,
): DesiredSubscription[] => {
  const subscriptions: DesiredSubscription[] = [];
  for (const entry of catalog.entries) {
    if (entry.type === ResourceTypes.subscription) {
      const protocol = entry.properties['Protocol'];
      if (protocol !== 'sqs') {
        recorder.note(
          `${entry.logicalId}: only sqs subscriptions are provisioned locally, not ${String(protocol)}`,
        );
        continue;
      }
      const properties = resolvedProperties(entry, catalog);
      const path = `Resources.${entry.logicalId}.Properties`;
      for (const key of Object.keys(properties)) {
        if (!subscriptionHandledProperties.has(key)) {
          recorder.notApplied(entry.logicalId, key);
        }
      }
      subscriptions.push({
        label: entry.logicalId,
        topicArn: asString(properties['TopicArn'], `${path}.TopicArn`),
        endpoint: asString(properties['Endpoint'], `${path}.Endpoint`),
        attributes: desiredSubscriptionAttributes(properties, path),
      });
    }
    if (entry.type === ResourceTypes.topic && Array.isArray(entry.properties['Subscription'])) {
      const topicArn = catalog.context.ref(entry.logicalId);
      const path = `Resources.${entry.logicalId}.Properties.Subscription`;
      const inline = resolveIntrinsics(entry.properties['Subscription'], catalog.context, path);
      (inline as unknown[]).forEach((item, index) => {
        const properties = (item ?? {}) as Readonly<Record<string, unknown>>;
        const label = `${entry.logicalId}.Subscription[${index}]`;
        if (properties['Protocol'] !== 'sqs' || typeof topicArn !== 'string') {
          recorder.note(`${label}: only sqs subscriptions are provisioned locally`);
          return;
        }
        subscriptions.push({
          label,
          topicArn,
          endpoint: asString(properties['Endpoint'], `${path}[${index}].Endpoint`),
          attributes: { RawMessageDelivery: 'false' },
        });
      });
    }
  }
  return subscriptions;
};

/** Another service's topic, known by ARN only: create it by name so this service can subscribe. */
const ensureForeignTopic = async (
  subscription: DesiredSubscription,
  identity: LocalCloudIdentity,
  sns: SNSClient,
  recorder: ProvisionRecorder,
): Promise<void> => {
  const arn = parseArn(subscription.topicArn);
  if (arn?.service !== 'sns') {
    throw new ProvisioningError(`${subscription.topicArn} is not an SNS topic ARN`);
  }
  if (arn.accountId !== identity.accountId || arn.region !== identity.region) {
    throw new ProvisioningError(
      `topic ${subscription.topicArn} is outside the local cloud (account ${identity.accountId}, region ${identity.region}); build the ARN with \${AWS::AccountId} and \${AWS::Region}`,
    );
  }
  if (!(await topicExists(sns, subscription.topicArn))) {
    await createTopic(sns, arn.resource, subscription.topicArn);
    recorder.record(`topic ${arn.resource}`, 'created');
  }
};

const findSubscription = async (
  sns: SNSClient,
  topicArn: string,
  endpoint: string,
): Promise<string | undefined> => {
  let nextToken: string | undefined;
  // Bounded: a topic with more than 10,000 subscriptions is not a local setup.
  for (let page = 0; page < 100; page += 1) {
    const result = await sns.send(
      new ListSubscriptionsByTopicCommand({
        TopicArn: topicArn,
        ...(nextToken === undefined ? {} : { NextToken: nextToken }),
      }),
    );
    const match = (result.Subscriptions ?? []).find(
      ({ Protocol, Endpoint }) => Protocol === 'sqs' && Endpoint === endpoint,
    );
    if (match?.SubscriptionArn !== undefined) {
      return match.SubscriptionArn;
    }
    nextToken = result.NextToken;
    if (nextToken === undefined) {
      return undefined;
    }
  }
  return undefined;
};

const sameSubscriptionAttributes = (
  desired: Readonly<Record<string, string>>,
  actual: Readonly<Record<string, string>>,
): boolean => {
  const scope = (attributes: Readonly<Record<string, string>>): string | undefined =>
    attributes['FilterPolicy'] === undefined || attributes['FilterPolicy'] === ''
      ? undefined
      : (attributes['FilterPolicyScope'] ?? 'MessageAttributes');
  return (
    (desired['RawMessageDelivery'] ?? 'false') === (actual['RawMessageDelivery'] ?? 'false') &&
    scope(desired) === scope(actual) &&
    subscriptionJsonAttributes.every(
      (key) =>
        (desired[key] === undefined && (actual[key] ?? '') === '') ||
        sameJson(desired[key], actual[key]),
    )
  );
};

const provisionSubscription = async (
  subscription: DesiredSubscription,
  sns: SNSClient,
  recorder: ProvisionRecorder,
): Promise<void> => {
  const existing = await findSubscription(sns, subscription.topicArn, subscription.endpoint);
  if (existing !== undefined) {
    const actual =
      (await sns.send(new GetSubscriptionAttributesCommand({ SubscriptionArn: existing })))
        .Attributes ?? {};
    if (sameSubscriptionAttributes(subscription.attributes, actual)) {
      recorder.record(subscription.label, 'unchanged');
      return;
    }
    // Replacing is simpler than unsetting attributes one by one, and loses nothing: messages
    // already delivered stay in the queue.
    await sns.send(new UnsubscribeCommand({ SubscriptionArn: existing }));
  }
  await sns.send(
    new SubscribeCommand({
      TopicArn: subscription.topicArn,
      Protocol: 'sqs',
      Endpoint: subscription.endpoint,
      Attributes: { ...subscription.attributes },
      ReturnSubscriptionArn: true,
    }),
  );
  recorder.record(subscription.label, existing === undefined ? 'created' : 'updated');
};

/**
 * Creates or updates the template's topics and SQS subscriptions. A subscription to a topic the
 * template does not declare creates that topic by name (CreateTopic is idempotent), so a
 * consumer can start before its producer.
 */
export const provisionTopicsAndSubscriptions = async (
  catalog: ResourceCatalog,
  identity: LocalCloudIdentity,
  sns: SNSClient,
  recorder: ProvisionRecorder,
): Promise<void> => {
  const topics = catalog.entries.filter(({ type }) => type === ResourceTypes.topic);
  for (const entry of topics) {
    await provisioning(entry.logicalId, entry.type, () =>
      provisionTopic(entry, catalog, sns, recorder),
    );
  }
  const ownTopicArns = new Set(topics.map(({ logicalId }) => catalog.context.ref(logicalId)));
  for (const subscription of desiredSubscriptions(catalog, recorder)) {
    await provisioning(subscription.label, ResourceTypes.subscription, async () => {
      if (!ownTopicArns.has(subscription.topicArn)) {
        await ensureForeignTopic(subscription, identity, sns, recorder);
      }
      await provisionSubscription(subscription, sns, recorder);
    });
  }
};
