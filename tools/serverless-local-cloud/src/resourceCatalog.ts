import { IntrinsicResolutionError } from './errors.ts';
import {
  type IntrinsicContext,
  type ReferenceValue,
  resolveIntrinsicString,
} from './resolveIntrinsics.ts';
import type { CloudFormationResource } from './serverlessTypes.ts';

/** The resource types the plugin creates locally; every other type is ignored. */
export const ResourceTypes = {
  queue: 'AWS::SQS::Queue',
  queuePolicy: 'AWS::SQS::QueuePolicy',
  topic: 'AWS::SNS::Topic',
  subscription: 'AWS::SNS::Subscription',
  table: 'AWS::DynamoDB::Table',
  bucket: 'AWS::S3::Bucket',
} as const;

export type ResourceType = (typeof ResourceTypes)[keyof typeof ResourceTypes];

const supportedTypes = new Set<string>(Object.values(ResourceTypes));

/** The framework's own deployment bucket and its policy: pointless locally. */
const frameworkResources = new Set([
  'ServerlessDeploymentBucket',
  'ServerlessDeploymentBucketPolicy',
]);

/** Where the local cloud lives, as ARNs and URLs must show it. */
export interface LocalCloudIdentity {
  readonly region: string;
  readonly accountId: string;
  readonly partition: string;
  /**
   * Base of the queue URLs handed out: `<sqsEndpoint>/<accountId>/<queueName>`. fauxqs's own
   * URLs use the host `sqs.<region>.localhost`, which does not resolve everywhere, and SDK v3
   * sends a request to its QueueUrl's host unless the client's endpoint is set in code (not from
   * AWS_ENDPOINT_URL_SQS). fauxqs finds a queue by the name at the end of any URL.
   */
  readonly sqsEndpoint: string;
}

/** A resource the plugin provisions. */
export interface CatalogEntry {
  readonly logicalId: string;
  readonly type: ResourceType;
  readonly properties: Readonly<Record<string, unknown>>;
}

/** The template's resources, their local names and what `Ref`/`Fn::GetAtt` give for them. */
export interface ResourceCatalog {
  /** Supported resources, in template order. */
  readonly entries: readonly CatalogEntry[];
  /** Resources left alone, with their type. */
  readonly ignored: readonly { readonly logicalId: string; readonly type: string }[];
  /** Resolves intrinsics against this template and the local cloud. */
  readonly context: IntrinsicContext;
  /** Local physical name of a queue, topic, table or bucket. */
  nameOf(logicalId: string): string;
}

const maxNameLength: Readonly<Record<string, number>> = {
  [ResourceTypes.queue]: 80,
  [ResourceTypes.topic]: 256,
  [ResourceTypes.table]: 255,
  [ResourceTypes.bucket]: 63,
};

const nameProperty: Readonly<Record<string, string>> = {
  [ResourceTypes.queue]: 'QueueName',
  [ResourceTypes.topic]: 'TopicName',
  [ResourceTypes.table]: 'TableName',
  [ResourceTypes.bucket]: 'BucketName',
};

/** CloudFormation takes `true` or `'true'` for booleans. */
export const isTrue = (value: unknown): boolean => value === true || value === 'true';

/** A queue or topic name is FIFO exactly when it ends in `.fifo` (AWS enforces it). */
export const isFifoName = (name: string): boolean => name.endsWith('.fifo');

/**
 * CloudFormation names unnamed resources `<stack>-<LogicalId>-<random>`; locally the name must
 * be the same on every start, so the random part is left out.
 */
const generatedName = (stackName: string, entry: CatalogEntry): string => {
  const fifo =
    (entry.type === ResourceTypes.queue && isTrue(entry.properties['FifoQueue'])) ||
    (entry.type === ResourceTypes.topic && isTrue(entry.properties['FifoTopic']));
  const suffix = fifo ? '.fifo' : '';
  const max = (maxNameLength[entry.type] ?? 80) - suffix.length;
  const base = `${stackName}-${entry.logicalId}`.slice(0, max);
  const name = `${base}${suffix}`;
  return entry.type === ResourceTypes.bucket ? name.toLowerCase().replaceAll('_', '-') : name;
};

const unresolvable = (reason: string): ReferenceValue => ({ unresolvable: reason });

/**
 * Catalogues the supported resources of a compiled template and answers `Ref`/`Fn::GetAtt` for
 * them from their names alone (queue URLs and ARNs are predictable in the local cloud), so
 * intrinsics resolve before anything is created.
 */
export const buildResourceCatalog = (
  resources: Readonly<Record<string, CloudFormationResource>>,
  stackName: string,
  identity: LocalCloudIdentity,
): ResourceCatalog => {
  const entries: CatalogEntry[] = [];
  const ignored: { logicalId: string; type: string }[] = [];
  const byId = new Map<string, CatalogEntry>();
  for (const [logicalId, resource] of Object.entries(resources)) {
    if (supportedTypes.has(resource.Type) && !frameworkResources.has(logicalId)) {
      const entry: CatalogEntry = {
        logicalId,
        type: resource.Type as ResourceType,
        properties: resource.Properties ?? {},
      };
      entries.push(entry);
      byId.set(logicalId, entry);
    } else {
      ignored.push({ logicalId, type: resource.Type });
    }
  }
  const ignoredTypes = new Map(ignored.map(({ logicalId, type }) => [logicalId, type]));

  const names = new Map<string, string>();
  const queueUrlOf = (logicalId: string): string => queueUrl(identity, nameOf(logicalId));
  const naming = new Set<string>();
  const { region, accountId, partition } = identity;

  const arnOf = (entry: CatalogEntry, name: string): string => {
    switch (entry.type) {
      case ResourceTypes.queue:
        return `arn:${partition}:sqs:${region}:${accountId}:${name}`;
      case ResourceTypes.topic:
        return `arn:${partition}:sns:${region}:${accountId}:${name}`;
      case ResourceTypes.table:
        return `arn:${partition}:dynamodb:${region}:${accountId}:table/${name}`;
      case ResourceTypes.bucket:
        return `arn:${partition}:s3:::${name}`;
      default:
        throw new IntrinsicResolutionError(`${entry.logicalId} has no ARN`);
    }
  };

  const lookup = (logicalId: string): CatalogEntry | { readonly unresolvable: string } => {
    const entry = byId.get(logicalId);
    if (entry !== undefined) {
      return entry;
    }
    const type = ignoredTypes.get(logicalId);
    return {
      unresolvable:
        type === undefined
          ? `no resource named ${logicalId}`
          : `${logicalId} (${type}) is not provisioned locally`,
    };
  };

  const ref = (logicalId: string): ReferenceValue => {
    const entry = lookup(logicalId);
    if (!('logicalId' in entry)) {
      return entry;
    }
    switch (entry.type) {
      case ResourceTypes.queue:
        return queueUrlOf(logicalId);
      case ResourceTypes.topic:
        return arnOf(entry, nameOf(logicalId));
      case ResourceTypes.table:
      case ResourceTypes.bucket:
        return nameOf(logicalId);
      default:
        return unresolvable(`the Ref of a ${entry.type} is only known once it exists`);
    }
  };

  const getAtt = (logicalId: string, attribute: string): ReferenceValue => {
    const entry = lookup(logicalId);
    if (!('logicalId' in entry)) {
      return entry;
    }
    const attributes: Readonly<Record<string, () => ReferenceValue>> = (() => {
      switch (entry.type) {
        case ResourceTypes.queue:
          return {
            Arn: () => arnOf(entry, nameOf(logicalId)),
            QueueName: () => nameOf(logicalId),
            QueueUrl: () => queueUrlOf(logicalId),
          };
        case ResourceTypes.topic:
          return {
            TopicArn: () => arnOf(entry, nameOf(logicalId)),
            TopicName: () => nameOf(logicalId),
          };
        case ResourceTypes.table:
          return { Arn: () => arnOf(entry, nameOf(logicalId)) };
        case ResourceTypes.bucket:
          return {
            Arn: () => arnOf(entry, nameOf(logicalId)),
            DomainName: () => `${nameOf(logicalId)}.s3.amazonaws.com`,
            RegionalDomainName: () => `${nameOf(logicalId)}.s3.${region}.amazonaws.com`,
          };
        default:
          return {};
      }
    })();
    const read = attributes[attribute];
    if (read !== undefined) {
      return read();
    }
    return unresolvable(
      entry.type === ResourceTypes.table && attribute === 'StreamArn'
        ? 'the local DynamoDB (dynalite) has no streams'
        : `${entry.type} has no attribute ${attribute} locally`,
    );
  };

  const context: IntrinsicContext = {
    pseudoParameters: {
      'AWS::Region': region,
      'AWS::AccountId': accountId,
      'AWS::Partition': partition,
      'AWS::StackName': stackName,
      'AWS::URLSuffix': 'amazonaws.com',
    },
    ref,
    getAtt,
  };

  function nameOf(logicalId: string): string {
    const known = names.get(logicalId);
    if (known !== undefined) {
      return known;
    }
    const entry = byId.get(logicalId);
    const property = entry === undefined ? undefined : nameProperty[entry.type];
    if (entry === undefined || property === undefined) {
      throw new IntrinsicResolutionError(`Resources.${logicalId} has no name`);
    }
    if (naming.has(logicalId)) {
      throw new IntrinsicResolutionError(
        `Cannot resolve Resources.${logicalId}.Properties.${property} (it refers to itself)`,
      );
    }
    naming.add(logicalId);
    try {
      const declared = entry.properties[property];
      const name =
        declared === undefined
          ? generatedName(stackName, entry)
          : resolveIntrinsicString(
              declared,
              context,
              `Resources.${logicalId}.Properties.${property}`,
            );
      names.set(logicalId, name);
      return name;
    } finally {
      naming.delete(logicalId);
    }
  }

  return { entries, ignored, context, nameOf };
};

/** The URL the plugin hands out for a queue (see `LocalCloudIdentity.sqsEndpoint`). */
export const queueUrl = (identity: LocalCloudIdentity, queueName: string): string =>
  `${identity.sqsEndpoint}/${identity.accountId}/${queueName}`;

/** The parts of an ARN. */
export interface ParsedArn {
  readonly partition: string;
  readonly service: string;
  readonly region: string;
  readonly accountId: string;
  readonly resource: string;
}

/** Splits `arn:partition:service:region:account:resource`; undefined if it is not an ARN. */
export const parseArn = (arn: string): ParsedArn | undefined => {
  const [prefix, partition, service, region, accountId, ...rest] = arn.split(':');
  if (
    prefix !== 'arn' ||
    partition === undefined ||
    service === undefined ||
    region === undefined ||
    accountId === undefined ||
    rest.length === 0
  ) {
    return undefined;
  }
  return { partition, service, region, accountId, resource: rest.join(':') };
};
