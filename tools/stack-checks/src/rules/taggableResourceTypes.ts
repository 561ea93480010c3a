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
 * The resource types in Conveyor's templates that take `Tags`, with their shape (from the
 * CloudFormation template reference). `@conveyor/serverless-topology` keeps the same table and
 * tags every resource of these types at package time with the stack's tags
 * (`provider.stackTags`), what the framework generates per function included; the framework's
 * own settings (`provider.tags`, `provider.iam.role.tags`, `provider.deploymentBucket.tags`) set
 * the same tags first on what they cover.
 */
export const taggableResourceTypes: Readonly<Record<string, TagShape>> = {
  // The HTTP API and its stage: the only map-shaped Tags.
  'AWS::ApiGatewayV2::Api': TagShapes.Map,
  'AWS::ApiGatewayV2::Stage': TagShapes.Map,
  // The topology's alarms.
  'AWS::CloudWatch::Alarm': TagShapes.List,
  // Each service's tables.
  'AWS::DynamoDB::Table': TagShapes.List,
  // Generated for `schedule` events.
  'AWS::Events::Rule': TagShapes.List,
  // The default role, and the per-function roles serverless-iam-roles-per-function copies from it.
  'AWS::IAM::Role': TagShapes.List,
  // Generated for the `sqs` events the topology adds.
  'AWS::Lambda::EventSourceMapping': TagShapes.List,
  'AWS::Lambda::Function': TagShapes.List,
  // Generated per function.
  'AWS::Logs::LogGroup': TagShapes.List,
  // The deployment bucket, and a service's own buckets.
  'AWS::S3::Bucket': TagShapes.List,
  // email's sender identity.
  'AWS::SES::EmailIdentity': TagShapes.List,
  // The topology's topics and queues (DLQs included).
  'AWS::SNS::Topic': TagShapes.List,
  'AWS::SQS::Queue': TagShapes.List,
};

/**
 * Resource types in Conveyor's templates that CloudFormation cannot tag; they carry only what
 * the stack's tags (`provider.stackTags`) say about the stack they belong to.
 */
export const untaggableResourceTypes: ReadonlySet<string> = new Set([
  'AWS::ApiGatewayV2::Integration',
  'AWS::ApiGatewayV2::Route',
  'AWS::CloudWatch::Dashboard',
  'AWS::IAM::Policy',
  'AWS::Lambda::Permission',
  'AWS::Lambda::Version',
  'AWS::S3::BucketPolicy',
  'AWS::SNS::Subscription',
  'AWS::SQS::QueuePolicy',
]);
