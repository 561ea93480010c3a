import { describe, expect, it } from 'vitest';
import type { BufferedRequest } from '../iam/BufferedRequest.ts';
import { describeCall, receivedMessageCount } from './describeCall.ts';

const signedBy = (accessKeyId: string): Record<string, string> => ({
  authorization: `AWS4-HMAC-SHA256 Credential=${accessKeyId}/20260101/us-east-1/sqs/aws4_request, SignedHeaders=host;x-amz-date, Signature=abc`,
  'x-amz-date': '20260101T000000Z',
});

const request = (
  headers: Record<string, string>,
  body: unknown,
  path = '/',
  method = 'POST',
): BufferedRequest => ({
  method,
  rawPath: path,
  rawQuery: '',
  query: [],
  headers,
  body: Buffer.from(typeof body === 'string' ? body : JSON.stringify(body)),
});

describe('describeCall', () => {
  it('names an SQS batch call, its entries and the function that signed it', () => {
    // Prepare
    const call = request(
      {
        ...signedBy('fn.conveyor-email.local.onNotificationEvent'),
        'x-amz-target': 'AmazonSQS.DeleteMessageBatch',
      },
      {
        QueueUrl: 'http://127.0.0.1:4566/000000000000/q',
        Entries: [{ Id: '0' }, { Id: '1' }, { Id: '2' }],
      },
    );

    // Act
    const described = describeCall('sqs', call);

    // Assess
    expect(described).toEqual({
      bytes: call.body.length,
      service: 'sqs',
      operation: 'DeleteMessageBatch',
      caller: 'fn.conveyor-email.local.onNotificationEvent',
      entries: 3,
    });
  });

  it('counts the items of a DynamoDB batch across its tables, and hides a key that is not a function', () => {
    // Prepare
    const call = request(
      { ...signedBy('AKIAREALDEVELOPERKEY'), 'x-amz-target': 'DynamoDB_20120810.BatchWriteItem' },
      { RequestItems: { a: [{ PutRequest: {} }, { PutRequest: {} }], b: [{ DeleteRequest: {} }] } },
    );

    // Act
    const described = describeCall('dynamodb', call);

    // Assess
    expect(described).toMatchObject({
      service: 'dynamodb',
      operation: 'BatchWriteItem',
      caller: 'administrator',
      entries: 3,
    });
  });

  it('reads an SNS action from the form body and counts a PublishBatch by its entries', () => {
    // Prepare
    const form = new URLSearchParams({
      Action: 'PublishBatch',
      TopicArn: 'arn:aws:sns:us-east-1:000000000000:t.fifo',
      'PublishBatchRequestEntries.member.1.Id': 'a',
      'PublishBatchRequestEntries.member.1.Message': 'x',
      'PublishBatchRequestEntries.member.2.Id': 'b',
      'PublishBatchRequestEntries.member.2.Message': 'y',
    }).toString();

    // Act
    const described = describeCall(
      'sns',
      request({ 'content-type': 'application/x-www-form-urlencoded' }, form),
    );

    // Assess
    expect(described).toMatchObject({
      service: 'sns',
      operation: 'PublishBatch',
      caller: 'unsigned',
      entries: 2,
    });
  });

  it('counts SES v1 and v2 as one service, and an S3 object write by its operation', () => {
    // Prepare
    const send = request(
      signedBy('fn.s.local.mailer'),
      { Content: {} },
      '/v2/email/outbound-emails',
    );
    const put = request(
      signedBy('fn.s.local.labeller'),
      'pdf',
      '/labels-bucket/labels/1.pdf',
      'PUT',
    );

    // Act
    const described = [describeCall('sesV2', send), describeCall('s3', put)];

    // Assess
    expect(described.map(({ service, operation }) => `${service}:${operation}`)).toEqual([
      'ses:SendEmail',
      's3:PutObject',
    ]);
  });
});

describe('receivedMessageCount', () => {
  it('counts the messages of a receive, an empty answer as none, and gives up on what it cannot read', () => {
    // Act
    const counts = [
      receivedMessageCount(Buffer.from(JSON.stringify({ Messages: [{}, {}] }))),
      receivedMessageCount(Buffer.from('{}')),
      receivedMessageCount(Buffer.from(JSON.stringify({ Messages: 'no' }))),
    ];

    // Assess
    expect(counts).toEqual([2, 0, undefined]);
  });
});
