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
 * CloudFormation template reference). Who writes the tags in a service:
 */
export const taggableResourceTypes: Readonly<Record<string, TagShape>> = {
  // framework: provider.tags (osls applies them to the HTTP API and its stage).
  'AWS::ApiGatewayV2::Api': TagShapes.Map,
  'AWS::ApiGatewayV2::Stage': TagShapes.Map,
  // resources: written in each alarm.
  'AWS::CloudWatch::Alarm': TagShapes.List,
  // resources: written in each table.
  'AWS::DynamoDB::Table': TagShapes.List,
  // framework-generated for `schedule` events: resources.extensions adds Tags.
  'AWS::Events::Rule': TagShapes.List,
  // framework: provider.iam.role.tags; serverless-iam-roles-per-function copies that role per function.
  'AWS::IAM::Role': TagShapes.List,
  // framework-generated for `sqs` events: resources.extensions adds Tags.
  'AWS::Lambda::EventSourceMapping': TagShapes.List,
  // framework: provider.tags.
  'AWS::Lambda::Function': TagShapes.List,
  // framework-generated per function: resources.extensions adds Tags.
  'AWS::Logs::LogGroup': TagShapes.List,
  // the deployment bucket: provider.deploymentBucket.tags; own buckets: in resources.
  'AWS::S3::Bucket': TagShapes.List,
  // resources: the sender identity.
  'AWS::SES::EmailIdentity': TagShapes.List,
  // resources: written in each topic.
  'AWS::SNS::Topic': TagShapes.List,
  // resources: written in each queue.
  'AWS::SQS::Queue': TagShapes.List,
};

/**
 * Resource types in Conveyor's templates that CloudFormation cannot tag; they carry only what
 * the stack's tags (`provider.stackTags`) say about the stack they belong to.
 */
export const untaggableResourceTypes: ReadonlySet<string> = new Set([
  'AWS::ApiGatewayV2::Integration',
  'AWS::ApiGatewayV2::Route',
  'AWS::IAM::Policy',
  'AWS::Lambda::Permission',
  'AWS::Lambda::Version',
  'AWS::S3::BucketPolicy',
  'AWS::SNS::Subscription',
  'AWS::SQS::QueuePolicy',
]);
