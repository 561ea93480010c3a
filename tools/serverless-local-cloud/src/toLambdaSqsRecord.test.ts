import type { Message } from '@aws-sdk/client-sqs';
import { describe, expect, it } from 'vitest';
import { toLambdaSqsRecord } from './toLambdaSqsRecord.ts';

const source = { queueArn: 'arn:aws:sqs:us-east-1:000000000000:orders.fifo', region: 'us-east-1' };

describe('toLambdaSqsRecord', () => {
  it('maps a FIFO message to exactly the record Lambda builds', () => {
    // Prepare
    const message: Message = {
      MessageId: 'id-1',
      ReceiptHandle: 'handle-1',
      Body: '{"hello":"world"}',
      MD5OfBody: 'md5-body',
      MD5OfMessageAttributes: 'md5-attributes',
      Attributes: {
        ApproximateReceiveCount: '2',
        SentTimestamp: '1700000000000',
        SenderId: '000000000000',
        ApproximateFirstReceiveTimestamp: '1700000000100',
        MessageGroupId: 'order-1',
        MessageDeduplicationId: 'event-1',
        SequenceNumber: '18849496460467696128',
      },
      MessageAttributes: {
        eventType: { DataType: 'String', StringValue: 'order.placed' },
        eventVersion: { DataType: 'Number', StringValue: '1' },
        payload: { DataType: 'Binary', BinaryValue: Uint8Array.from([1, 2, 3]) },
      },
    };

    // Act
    const record = toLambdaSqsRecord(message, source);

    // Assess
    expect(record).toStrictEqual({
      messageId: 'id-1',
      receiptHandle: 'handle-1',
      body: '{"hello":"world"}',
      attributes: {
        ApproximateReceiveCount: '2',
        SentTimestamp: '1700000000000',
        SenderId: '000000000000',
        ApproximateFirstReceiveTimestamp: '1700000000100',
        SequenceNumber: '18849496460467696128',
        MessageGroupId: 'order-1',
        MessageDeduplicationId: 'event-1',
      },
      messageAttributes: {
        eventType: {
          stringValue: 'order.placed',
          stringListValues: [],
          binaryListValues: [],
          dataType: 'String',
        },
        eventVersion: {
          stringValue: '1',
          stringListValues: [],
          binaryListValues: [],
          dataType: 'Number',
        },
        payload: {
          binaryValue: 'AQID',
          stringListValues: [],
          binaryListValues: [],
          dataType: 'Binary',
        },
      },
      md5OfMessageAttributes: 'md5-attributes',
      md5OfBody: 'md5-body',
      eventSource: 'aws:sqs',
      eventSourceARN: 'arn:aws:sqs:us-east-1:000000000000:orders.fifo',
      awsRegion: 'us-east-1',
    });
  });

  it('leaves out FIFO attributes and md5OfMessageAttributes when a standard message has none', () => {
    // Prepare
    const message: Message = {
      MessageId: 'id-2',
      ReceiptHandle: 'handle-2',
      Body: 'plain',
      MD5OfBody: 'md5',
      Attributes: {
        ApproximateReceiveCount: '1',
        SentTimestamp: '1',
        SenderId: 'sender',
        ApproximateFirstReceiveTimestamp: '2',
      },
    };

    // Act
    const record = toLambdaSqsRecord(message, source);

    // Assess
    expect(record.attributes).toStrictEqual({
      ApproximateReceiveCount: '1',
      SentTimestamp: '1',
      SenderId: 'sender',
      ApproximateFirstReceiveTimestamp: '2',
    });
    expect(record.messageAttributes).toStrictEqual({});
    expect('md5OfMessageAttributes' in record).toBe(false);
  });

  it('refuses a message received without its system attributes', () => {
    // Prepare
    const message: Message = { MessageId: 'id-3', ReceiptHandle: 'h', Body: 'b', MD5OfBody: 'm' };

    // Act
    const act = (): unknown => toLambdaSqsRecord(message, source);

    // Assess
    expect(act).toThrow('has no ApproximateReceiveCount');
  });
});
