import type { CloudFormationResource } from './serverlessTypes.ts';
import { isRecord } from './isRecord.ts';

/** How a resource type takes `Tags` in CloudFormation. */
export const TagShapes = {
  /** `Tags: [{ Key, Value }, ...]`: most types. */
  List: 'list',
  /** `Tags: { key: value }`: a JSON map, as API Gateway v2 takes it. */
  Map: 'map',
} as const;

/** A tag shape. */
export type TagShape = (typeof TagShapes)[keyof typeof TagShapes];

/**
 * The taggable resource types found in the services' templates, with their tag shape (from the
 * CloudFormation template reference). tools/stack-checks keeps the same table and fails the build
 * on a resource of a type in neither of its tables, so a new type is added to both.
 */
export const taggableResourceTypes: Readonly<Record<string, TagShape>> = {
  'AWS::ApiGatewayV2::Api': TagShapes.Map,
  'AWS::ApiGatewayV2::Stage': TagShapes.Map,
  'AWS::CloudWatch::Alarm': TagShapes.List,
  'AWS::DynamoDB::Table': TagShapes.List,
  'AWS::Events::Rule': TagShapes.List,
  'AWS::IAM::Role': TagShapes.List,
  'AWS::Lambda::EventSourceMapping': TagShapes.List,
  'AWS::Lambda::Function': TagShapes.List,
  'AWS::Logs::LogGroup': TagShapes.List,
  'AWS::S3::Bucket': TagShapes.List,
  'AWS::SES::EmailIdentity': TagShapes.List,
  'AWS::SNS::Topic': TagShapes.List,
  'AWS::SQS::Queue': TagShapes.List,
};

const listKeys = (tags: readonly unknown[]): Set<unknown> =>
  new Set(tags.map((tag) => (isRecord(tag) ? tag.Key : undefined)));

// `Ref`, `Fn::If`, ...: tags computed by CloudFormation, which cannot be merged here.
const isIntrinsic = (value: Record<string, unknown>): boolean =>
  Object.keys(value).some((key) => key === 'Ref' || key.startsWith('Fn::'));

/**
 * Adds the given tags to every resource of a taggable type that lacks them, in the type's shape,
 * after the tags it already has; a tag the resource already sets keeps its value, and tags computed
 * by an intrinsic function are left alone. Covers what the
 * framework generates per function (log groups, event source mappings, schedule rules, roles), which
 * no serverless.yml setting tags. Returns the logical ids it changed.
 *
 * @example
 * ```ts
 * tagResources(template.Resources, { service: 'email', owner: 'email-team', stage: 'dev' });
 * // ['OnNotificationEventLogGroup', 'NotificationsQueue', ...]
 * ```
 */
export const tagResources = (
  resources: Record<string, CloudFormationResource>,
  tags: Readonly<Record<string, string>>,
): string[] => {
  const changed: string[] = [];
  for (const [logicalId, resource] of Object.entries(resources)) {
    const shape = taggableResourceTypes[resource.Type];
    if (shape === undefined) continue;
    const properties = (resource.Properties ??= {});
    const existing = properties.Tags;
    if (shape === TagShapes.Map) {
      if (existing !== undefined && (!isRecord(existing) || isIntrinsic(existing))) continue;
      const map = existing ?? {};
      const missing = Object.entries(tags).filter(([key]) => !Object.hasOwn(map, key));
      if (missing.length === 0) continue;
      properties.Tags = { ...map, ...Object.fromEntries(missing) };
    } else {
      if (existing !== undefined && !Array.isArray(existing)) continue;
      const list: readonly unknown[] = existing ?? [];
      const present = listKeys(list);
      const missing = Object.entries(tags).filter(([key]) => !present.has(key));
      if (missing.length === 0) continue;
      properties.Tags = [...list, ...missing.map(([Key, Value]) => ({ Key, Value }))];
    }
    changed.push(logicalId);
  }
  return changed;
};
