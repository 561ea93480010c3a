import { afterEach, describe, expect, it, vi } from 'vitest';
import { lambdaEnvironment, resolveIntrinsic } from './lambdaEnvironment.ts';
import type { Template } from './packagedFunctions.ts';

const template: Template = {
  Resources: {
    OrdersTable: {
      Type: 'AWS::DynamoDB::Table',
      Properties: { TableName: 'conveyor-dev-checkout-orders' },
    },
    OrderEventsTopic: {
      Type: 'AWS::SNS::Topic',
      Properties: { TopicName: 'conveyor-dev-order-events.fifo' },
    },
    LabelsBucket: {
      Type: 'AWS::S3::Bucket',
      Properties: { BucketName: { 'Fn::Sub': 'conveyor-dev-shipping-labels-${AWS::AccountId}' } },
    },
  },
};

describe('resolveIntrinsic', () => {
  it.each([
    ['a plain value', 'dev', 'dev'],
    ["a table's name", { Ref: 'OrdersTable' }, 'conveyor-dev-checkout-orders'],
    [
      "a topic's ARN",
      { Ref: 'OrderEventsTopic' },
      'arn:aws:sns:us-east-1:123456789012:conveyor-dev-order-events.fifo',
    ],
    [
      "a bucket's name through Fn::Sub",
      { Ref: 'LabelsBucket' },
      'conveyor-dev-shipping-labels-123456789012',
    ],
    [
      'Fn::GetAtt Arn',
      { 'Fn::GetAtt': ['OrdersTable', 'Arn'] },
      'arn:aws:dynamodb:us-east-1:123456789012:table/conveyor-dev-checkout-orders',
    ],
    ['Fn::Join', { 'Fn::Join': ['/', ['a', { Ref: 'AWS::Region' }]] }, 'a/us-east-1'],
  ])('gives %s as AWS would', (_case, value, expected) => {
    // Act
    const resolved = resolveIntrinsic(value, template);

    // Assess
    expect(resolved).toBe(expected);
  });
});

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('lambdaEnvironment', () => {
  it("holds Lambda's variables, then the function's own, and nothing of the caller's", () => {
    // Prepare
    vi.stubEnv('BENCH_CALLER_ONLY', 'leak');

    // Act
    const environment = lambdaEnvironment(
      {
        functionName: 'conveyor-dev-checkout-getOrder',
        handler: 'src/handlers/getOrder.handler',
        memorySize: 256,
        taskRoot: '/tmp/task',
        home: '/tmp/home',
      },
      { NODE_OPTIONS: '--enable-source-maps', ORDERS_TABLE: { Ref: 'OrdersTable' } },
      template,
    );

    // Assess
    expect(environment).toMatchObject({
      AWS_LAMBDA_FUNCTION_NAME: 'conveyor-dev-checkout-getOrder',
      AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '256',
      AWS_REGION: 'us-east-1',
      AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs24.x',
      LAMBDA_TASK_ROOT: '/tmp/task',
      _HANDLER: 'src/handlers/getOrder.handler',
      NODE_OPTIONS: '--enable-source-maps',
      ORDERS_TABLE: 'conveyor-dev-checkout-orders',
    });
    expect(environment).not.toHaveProperty('BENCH_CALLER_ONLY');
  });
});
