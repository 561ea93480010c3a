import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  QueueDoesNotExist,
  type QueueAttributeName,
  SetQueueAttributesCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
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
  isTrue,
  type ResourceCatalog,
  ResourceTypes,
} from './resourceCatalog.ts';

// Scalar queue properties that map one to one onto queue attributes.
const scalarAttributes = [
  'ContentBasedDeduplication',
  'DeduplicationScope',
  'DelaySeconds',
  'FifoThroughputLimit',
  'KmsDataKeyReusePeriodSeconds',
  'KmsMasterKeyId',
  'MaximumMessageSize',
  'MessageRetentionPeriod',
  'ReceiveMessageWaitTimeSeconds',
  'SqsManagedSseEnabled',
  'VisibilityTimeout',
] as const;
const jsonAttributes = ['RedrivePolicy', 'RedriveAllowPolicy'] as const;

// SQS's defaults, so that removing a setting from serverless.yml restores the default as
// CloudFormation would.
const defaults: Readonly<Record<string, string>> = {
  DelaySeconds: '0',
  MessageRetentionPeriod: '345600',
  ReceiveMessageWaitTimeSeconds: '0',
  VisibilityTimeout: '30',
};

const ignoredProperties = new Set([
  'QueueName',
  'FifoQueue',
  'Tags',
  ...scalarAttributes,
  ...jsonAttributes,
]);

/** CloudFormation writes maxReceiveCount as a number or a string; SQS returns a number. */
const normaliseRedrivePolicy = (value: unknown): string => {
  const policy = (typeof value === 'string' ? JSON.parse(value) : value) as Record<string, unknown>;
  const maxReceiveCount = policy['maxReceiveCount'];
  return JSON.stringify({
    ...policy,
    ...(maxReceiveCount === undefined ? {} : { maxReceiveCount: Number(maxReceiveCount) }),
  });
};

interface DesiredQueue {
  readonly name: string;
  readonly fifo: boolean;
  readonly attributes: Readonly<Record<string, string>>;
}

const desiredQueue = (entry: CatalogEntry, catalog: ResourceCatalog): DesiredQueue => {
  const path = `Resources.${entry.logicalId}.Properties`;
  const properties = resolveIntrinsics(entry.properties, catalog.context, path) as Readonly<
    Record<string, unknown>
  >;
  const name = catalog.nameOf(entry.logicalId);
  const fifo = isTrue(properties['FifoQueue']) || name.endsWith('.fifo');
  const attributes: Record<string, string> = { ...defaults };
  if (fifo) {
    attributes['FifoQueue'] = 'true';
  }
  for (const key of scalarAttributes) {
    const value = properties[key];
    if (value !== undefined) {
      attributes[key] = toAttributeString(value, `${path}.${key}`);
    }
  }
  for (const key of jsonAttributes) {
    const value = properties[key];
    if (value !== undefined) {
      attributes[key] =
        key === 'RedrivePolicy' ? normaliseRedrivePolicy(value) : toJsonString(value);
    }
  }
  return { name, fifo, attributes };
};

const findQueueUrl = async (sqs: SQSClient, name: string): Promise<string | undefined> => {
  try {
    return (await sqs.send(new GetQueueUrlCommand({ QueueName: name }))).QueueUrl;
  } catch (error) {
    if (error instanceof QueueDoesNotExist) {
      return undefined;
    }
    throw error;
  }
};

const differs = (key: string, wanted: string, actual: string | undefined): boolean =>
  jsonAttributes.includes(key as (typeof jsonAttributes)[number])
    ? !sameJson(wanted, actual)
    : wanted !== actual;

interface EnsuredQueue {
  readonly entry: CatalogEntry;
  readonly desired: DesiredQueue;
  readonly queueUrl: string;
  readonly created: boolean;
}

const ensureQueue = async (
  entry: CatalogEntry,
  catalog: ResourceCatalog,
  sqs: SQSClient,
): Promise<EnsuredQueue> => {
  const desired = desiredQueue(entry, catalog);
  let queueUrl = await findQueueUrl(sqs, desired.name);
  const created = queueUrl === undefined;
  if (queueUrl === undefined) {
    // Redrive attributes point at other queues, which may not exist yet: they come later.
    const { RedrivePolicy: _r, RedriveAllowPolicy: _a, ...initial } = desired.attributes;
    queueUrl = (
      await sqs.send(new CreateQueueCommand({ QueueName: desired.name, Attributes: initial }))
    ).QueueUrl;
  }
  if (queueUrl === undefined) {
    throw new ProvisioningError(`the local cloud returned no URL for queue ${desired.name}`);
  }
  // Later calls use the URL every other component gets (see LocalCloudIdentity.sqsEndpoint).
  const localUrl = catalog.context.ref(entry.logicalId);
  if (typeof localUrl !== 'string') {
    throw new ProvisioningError(localUrl.unresolvable);
  }
  return { entry, desired, queueUrl: localUrl, created };
};

const reconcileQueue = async (
  { entry, desired, queueUrl, created }: EnsuredQueue,
  sqs: SQSClient,
  recorder: ProvisionRecorder,
): Promise<void> => {
  const actual: Readonly<Record<string, string | undefined>> =
    (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['All'] })))
      .Attributes ?? {};
  if ((actual['FifoQueue'] === 'true') !== desired.fifo) {
    throw new ProvisioningError(
      `Resources.${entry.logicalId}: queue ${desired.name} exists locally as a ${desired.fifo ? 'standard' : 'FIFO'} queue; delete it (or the local cloud's data) to recreate it`,
    );
  }
  const changes: Record<string, string> = {};
  for (const [key, wanted] of Object.entries(desired.attributes)) {
    if (key !== 'FifoQueue' && differs(key, wanted, actual[key])) {
      changes[key] = wanted;
    }
  }
  for (const key of jsonAttributes) {
    if (desired.attributes[key] === undefined && (actual[key] ?? '') !== '') {
      changes[key] = '';
    }
  }
  if (Object.keys(changes).length > 0) {
    await sqs.send(new SetQueueAttributesCommand({ QueueUrl: queueUrl, Attributes: changes }));
  }
  for (const key of Object.keys(entry.properties)) {
    if (!ignoredProperties.has(key)) {
      recorder.notApplied(entry.logicalId, key);
    }
  }
  const changed = Object.keys(changes).length > 0;
  recorder.record(entry.logicalId, created ? 'created' : changed ? 'updated' : 'unchanged');
};

/**
 * Creates the template's queues, then brings every attribute (redrive included) to what the
 * template declares. Creating all first lets a redrive policy name a DLQ declared after it.
 */
export const provisionQueues = async (
  catalog: ResourceCatalog,
  sqs: SQSClient,
  recorder: ProvisionRecorder,
): Promise<void> => {
  const ensured: EnsuredQueue[] = [];
  for (const entry of catalog.entries.filter(({ type }) => type === ResourceTypes.queue)) {
    ensured.push(
      await provisioning(entry.logicalId, entry.type, () => ensureQueue(entry, catalog, sqs)),
    );
  }
  for (const queue of ensured) {
    await provisioning(queue.entry.logicalId, queue.entry.type, () =>
      reconcileQueue(queue, sqs, recorder),
    );
  }
};

/** Sets `Policy` on each queue an `AWS::SQS::QueuePolicy` names. */
export const provisionQueuePolicies = async (
  catalog: ResourceCatalog,
  sqs: SQSClient,
  recorder: ProvisionRecorder,
): Promise<void> => {
  for (const entry of catalog.entries.filter(({ type }) => type === ResourceTypes.queuePolicy)) {
    await provisioning(entry.logicalId, entry.type, async () => {
      const path = `Resources.${entry.logicalId}.Properties`;
      const properties = resolveIntrinsics(entry.properties, catalog.context, path) as Readonly<
        Record<string, unknown>
      >;
      const queueUrls = properties['Queues'];
      const document = properties['PolicyDocument'];
      if (!Array.isArray(queueUrls) || document === undefined) {
        throw new ProvisioningError(`${path} needs Queues (a list) and PolicyDocument`);
      }
      const policy = toJsonString(document);
      let created = false;
      let updated = false;
      for (const queueUrl of queueUrls as unknown[]) {
        const url = toAttributeString(queueUrl, `${path}.Queues`);
        const attributeNames: QueueAttributeName[] = ['Policy'];
        const actual = await sqs.send(
          new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: attributeNames }),
        );
        const current = actual.Attributes?.['Policy'] ?? '';
        if (!sameJson(policy, current)) {
          await sqs.send(
            new SetQueueAttributesCommand({ QueueUrl: url, Attributes: { Policy: policy } }),
          );
          if (current === '') {
            created = true;
          } else {
            updated = true;
          }
        }
      }
      recorder.record(entry.logicalId, updated ? 'updated' : created ? 'created' : 'unchanged');
    });
  }
};
