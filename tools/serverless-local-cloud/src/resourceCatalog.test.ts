import { describe, expect, it } from 'vitest';
import { resolveIntrinsics } from './resolveIntrinsics.ts';
import { buildResourceCatalog, type LocalCloudIdentity, parseArn } from './resourceCatalog.ts';

const identity: LocalCloudIdentity = {
  region: 'us-east-1',
  accountId: '000000000000',
  partition: 'aws',
  sqsEndpoint: 'http://127.0.0.1:4566',
};

const resources = {
  OrdersQueue: {
    Type: 'AWS::SQS::Queue',
    Properties: {
      QueueName: { 'Fn::Sub': '${AWS::StackName}-orders.fifo' },
      FifoQueue: true,
      RedrivePolicy: {
        deadLetterTargetArn: { 'Fn::GetAtt': ['OrdersDlq', 'Arn'] },
        maxReceiveCount: 3,
      },
    },
  },
  OrdersDlq: { Type: 'AWS::SQS::Queue', Properties: { FifoQueue: 'true' } },
  EventsTopic: { Type: 'AWS::SNS::Topic', Properties: { TopicName: 'conveyor-dev-events.fifo' } },
  OrdersTable: { Type: 'AWS::DynamoDB::Table', Properties: { TableName: 'conveyor-dev-orders' } },
  Labels: { Type: 'AWS::S3::Bucket', Properties: {} },
  Role: { Type: 'AWS::IAM::Role', Properties: {} },
  ServerlessDeploymentBucket: { Type: 'AWS::S3::Bucket', Properties: {} },
  Loop: {
    Type: 'AWS::SQS::Queue',
    Properties: { QueueName: { 'Fn::GetAtt': ['Loop', 'QueueName'] } },
  },
};

describe('buildResourceCatalog', () => {
  it('keeps the supported resources and lists the others as ignored', () => {
    // Prepare / Act
    const catalog = buildResourceCatalog(resources, 'conveyor-dev', identity);

    // Assess
    expect(catalog.entries.map(({ logicalId }) => logicalId)).toEqual([
      'OrdersQueue',
      'OrdersDlq',
      'EventsTopic',
      'OrdersTable',
      'Labels',
      'Loop',
    ]);
    expect(catalog.ignored).toEqual([
      { logicalId: 'Role', type: 'AWS::IAM::Role' },
      { logicalId: 'ServerlessDeploymentBucket', type: 'AWS::S3::Bucket' },
    ]);
  });

  it('names resources from their properties, or from the stack and logical id like CloudFormation without the random suffix', () => {
    // Prepare
    const catalog = buildResourceCatalog(resources, 'conveyor-dev', identity);

    // Act
    const names = ['OrdersQueue', 'OrdersDlq', 'EventsTopic', 'OrdersTable', 'Labels'].map((id) =>
      catalog.nameOf(id),
    );

    // Assess
    expect(names).toEqual([
      'conveyor-dev-orders.fifo',
      'conveyor-dev-OrdersDlq.fifo',
      'conveyor-dev-events.fifo',
      'conveyor-dev-orders',
      'conveyor-dev-labels',
    ]);
  });

  it('answers Ref and Fn::GetAtt with local ARNs, URLs and names', () => {
    // Prepare
    const catalog = buildResourceCatalog(resources, 'conveyor-dev', identity);

    // Act
    const resolved = resolveIntrinsics(
      {
        queueUrl: { Ref: 'OrdersQueue' },
        queueArn: { 'Fn::GetAtt': ['OrdersQueue', 'Arn'] },
        queueName: { 'Fn::GetAtt': ['OrdersQueue', 'QueueName'] },
        topicArn: { Ref: 'EventsTopic' },
        topicName: { 'Fn::GetAtt': ['EventsTopic', 'TopicName'] },
        table: { Ref: 'OrdersTable' },
        tableArn: { 'Fn::GetAtt': ['OrdersTable', 'Arn'] },
        bucketArn: { 'Fn::GetAtt': ['Labels', 'Arn'] },
        stack: { Ref: 'AWS::StackName' },
      },
      catalog.context,
      'test',
    );

    // Assess
    expect(resolved).toEqual({
      queueUrl: 'http://127.0.0.1:4566/000000000000/conveyor-dev-orders.fifo',
      queueArn: 'arn:aws:sqs:us-east-1:000000000000:conveyor-dev-orders.fifo',
      queueName: 'conveyor-dev-orders.fifo',
      topicArn: 'arn:aws:sns:us-east-1:000000000000:conveyor-dev-events.fifo',
      topicName: 'conveyor-dev-events.fifo',
      table: 'conveyor-dev-orders',
      tableArn: 'arn:aws:dynamodb:us-east-1:000000000000:table/conveyor-dev-orders',
      bucketArn: 'arn:aws:s3:::conveyor-dev-labels',
      stack: 'conveyor-dev',
    });
  });

  it('explains references it cannot answer locally', () => {
    // Prepare
    const catalog = buildResourceCatalog(resources, 'conveyor-dev', identity);

    // Act
    const role = (): unknown =>
      resolveIntrinsics({ 'Fn::GetAtt': ['Role', 'Arn'] }, catalog.context, 'p');
    const stream = (): unknown =>
      resolveIntrinsics({ 'Fn::GetAtt': ['OrdersTable', 'StreamArn'] }, catalog.context, 'p');
    const loop = (): unknown => catalog.nameOf('Loop');

    // Assess
    expect(role).toThrow(
      'Cannot resolve Fn::GetAtt Role.Arn in p (Role (AWS::IAM::Role) is not provisioned locally)',
    );
    expect(stream).toThrow('(the local DynamoDB (dynalite) has no streams)');
    expect(loop).toThrow('it refers to itself');
  });
});

describe('parseArn', () => {
  it('splits an ARN and keeps colons inside the resource', () => {
    // Prepare / Act
    const parsed = parseArn('arn:aws:sns:us-east-1:000000000000:events.fifo:sub-id');

    // Assess
    expect(parsed).toEqual({
      partition: 'aws',
      service: 'sns',
      region: 'us-east-1',
      accountId: '000000000000',
      resource: 'events.fifo:sub-id',
    });
    expect(parseArn('not-an-arn')).toBeUndefined();
  });
});
