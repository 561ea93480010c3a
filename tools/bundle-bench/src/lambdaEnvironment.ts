import type { Template } from './packagedFunctions.ts';

/** The account and region the bench pretends to run in: only the shape of the values matters. */
export const BENCH_ACCOUNT = '123456789012';
export const BENCH_REGION = 'us-east-1';

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const ARN_SERVICES: Readonly<Record<string, string>> = {
  'AWS::SNS::Topic': 'sns',
  'AWS::SQS::Queue': 'sqs',
  'AWS::DynamoDB::Table': 'dynamodb',
  'AWS::S3::Bucket': 's3',
};

const NAME_PROPERTIES = ['TopicName', 'QueueName', 'TableName', 'BucketName', 'FunctionName'];

const pseudoParameters: Readonly<Record<string, string>> = {
  'AWS::Region': BENCH_REGION,
  'AWS::AccountId': BENCH_ACCOUNT,
  'AWS::Partition': 'aws',
  'AWS::URLSuffix': 'amazonaws.com',
  'AWS::StackName': 'bench',
};

/**
 * A plausible value for a CloudFormation intrinsic in a function's environment, such as a topic's
 * ARN for `{ Ref: Topic }` or a bucket's name for `{ Ref: Bucket }`, so that the function's
 * configuration check at cold start passes as it does in AWS. Only what the services' templates
 * use: `Ref`, `Fn::GetAtt … Arn`, `Fn::Sub`, `Fn::Join`.
 */
export const resolveIntrinsic = (value: unknown, template: Template): string => {
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
    return String(value);
  }
  if (!isRecord(value)) throw new Error(`Cannot resolve ${JSON.stringify(value)}`);
  const nameOf = (logicalId: string): string => {
    const properties = template.Resources[logicalId]?.Properties ?? {};
    const property = NAME_PROPERTIES.find((name) => properties[name] !== undefined);
    return property === undefined
      ? `bench-${logicalId.toLowerCase()}`
      : resolveIntrinsic(properties[property], template);
  };
  const arnOf = (logicalId: string): string => {
    const type = template.Resources[logicalId]?.Type ?? '';
    const service = ARN_SERVICES[type] ?? 'unknown';
    if (service === 's3') return `arn:aws:s3:::${nameOf(logicalId)}`;
    if (service === 'dynamodb') {
      return `arn:aws:dynamodb:${BENCH_REGION}:${BENCH_ACCOUNT}:table/${nameOf(logicalId)}`;
    }
    return `arn:aws:${service}:${BENCH_REGION}:${BENCH_ACCOUNT}:${nameOf(logicalId)}`;
  };
  const ref = (name: string): string => {
    const pseudo = pseudoParameters[name];
    if (pseudo !== undefined) return pseudo;
    const type = template.Resources[name]?.Type;
    if (type === 'AWS::SNS::Topic') return arnOf(name);
    if (type === 'AWS::SQS::Queue') {
      return `https://sqs.${BENCH_REGION}.amazonaws.com/${BENCH_ACCOUNT}/${nameOf(name)}`;
    }
    return nameOf(name);
  };
  if (typeof value.Ref === 'string') return ref(value.Ref);
  const getAtt = value['Fn::GetAtt'];
  if (Array.isArray(getAtt) && typeof getAtt[0] === 'string') return arnOf(getAtt[0]);
  const sub = value['Fn::Sub'];
  if (typeof sub === 'string') {
    return sub.replaceAll(/\$\{([^}]+)\}/g, (_, name: string) =>
      name.endsWith('.Arn') ? arnOf(name.slice(0, -'.Arn'.length)) : ref(name),
    );
  }
  const join = value['Fn::Join'];
  if (Array.isArray(join) && typeof join[0] === 'string' && Array.isArray(join[1])) {
    return (join[1] as unknown[]).map((part) => resolveIntrinsic(part, template)).join(join[0]);
  }
  // Another stack's export (email imports marketing's API URL): a placeholder of the same shape.
  const imported = value['Fn::ImportValue'];
  if (typeof imported === 'string') return `https://${imported.toLowerCase()}.example`;
  throw new Error(`Cannot resolve ${JSON.stringify(value)}`);
};

/** What a function's execution environment holds besides its own variables. */
export interface LambdaRuntimeSettings {
  readonly functionName: string;
  /** Lambda's handler setting, such as `src/handlers/getShipment.handler`. */
  readonly handler: string;
  readonly memorySize: number;
  /** Where the zip is unpacked (`/var/task` in Lambda). */
  readonly taskRoot: string;
  /** An empty folder: no shared AWS config or credentials files to find. */
  readonly home: string;
}

/**
 * The environment of a cold Lambda execution environment on `nodejs24.x`: the runtime's own
 * variables (credentials in the environment, as Lambda passes the role's), then the function's
 * own variables with their intrinsics resolved. Nothing of the caller's environment leaks in.
 */
export const lambdaEnvironment = (
  settings: LambdaRuntimeSettings,
  variables: Readonly<Record<string, unknown>>,
  template: Template,
): Record<string, string> => {
  const own = Object.fromEntries(
    Object.entries(variables).map(([name, value]) => [name, resolveIntrinsic(value, template)]),
  );
  return {
    PATH: '/var/lang/bin:/usr/local/bin:/usr/bin/:/bin:/opt/bin',
    LANG: 'en_US.UTF-8',
    TZ: ':UTC',
    HOME: settings.home,
    LAMBDA_TASK_ROOT: settings.taskRoot,
    LAMBDA_RUNTIME_DIR: '/var/runtime',
    AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs24.x',
    AWS_LAMBDA_FUNCTION_NAME: settings.functionName,
    AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(settings.memorySize),
    AWS_LAMBDA_LOG_GROUP_NAME: `/aws/lambda/${settings.functionName}`,
    AWS_LAMBDA_LOG_STREAM_NAME: '2026/01/01/[$LATEST]00000000000000000000000000000000',
    AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
    AWS_LAMBDA_RUNTIME_API: '127.0.0.1:9001',
    AWS_REGION: BENCH_REGION,
    AWS_DEFAULT_REGION: BENCH_REGION,
    AWS_ACCESS_KEY_ID: 'ASIABENCHBENCHBENCH0',
    AWS_SECRET_ACCESS_KEY: 'bench/bench/bench/bench/bench/bench/bench0',
    AWS_SESSION_TOKEN: 'bench-session-token',
    AWS_XRAY_CONTEXT_MISSING: 'LOG_ERROR',
    _HANDLER: settings.handler,
    ...own,
  };
};
