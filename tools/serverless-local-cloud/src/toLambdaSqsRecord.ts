import type {
  Message,
  MessageAttributeValue,
  MessageSystemAttributeName,
} from '@aws-sdk/client-sqs';
import type { SQSMessageAttribute, SQSRecord, SQSRecordAttributes } from 'aws-lambda';

/** Where the record comes from, as Lambda shows it. */
export interface SqsRecordSource {
  readonly queueArn: string;
  readonly region: string;
}

/** System attributes Lambda passes on when SQS has them (FIFO ones, tracing, redrive). */
const optionalAttributeNames = [
  'SequenceNumber',
  'MessageGroupId',
  'MessageDeduplicationId',
  'AWSTraceHeader',
  'DeadLetterQueueSourceArn',
] as const;

const requiredAttribute = (message: Message, name: MessageSystemAttributeName): string => {
  const value = message.Attributes?.[name];
  if (value === undefined) {
    throw new Error(
      `SQS message ${message.MessageId ?? '?'} has no ${name}; receive with MessageSystemAttributeNames ["All"]`,
    );
  }
  return value;
};

const toLambdaAttributes = (message: Message): SQSRecordAttributes => {
  const attributes: SQSRecordAttributes = {
    ApproximateReceiveCount: requiredAttribute(message, 'ApproximateReceiveCount'),
    SentTimestamp: requiredAttribute(message, 'SentTimestamp'),
    SenderId: requiredAttribute(message, 'SenderId'),
    ApproximateFirstReceiveTimestamp: requiredAttribute(
      message,
      'ApproximateFirstReceiveTimestamp',
    ),
  };
  for (const name of optionalAttributeNames) {
    const value = message.Attributes?.[name];
    if (value !== undefined) {
      attributes[name] = value;
    }
  }
  return attributes;
};

// Lambda always sends both list fields, empty: SQS reserves them and never fills them.
const toLambdaMessageAttribute = (value: MessageAttributeValue): SQSMessageAttribute => ({
  ...(value.StringValue === undefined ? {} : { stringValue: value.StringValue }),
  ...(value.BinaryValue === undefined
    ? {}
    : { binaryValue: Buffer.from(value.BinaryValue).toString('base64') }),
  stringListValues: [...(value.StringListValues ?? [])],
  binaryListValues: (value.BinaryListValues ?? []).map((item) =>
    Buffer.from(item).toString('base64'),
  ),
  dataType: value.DataType ?? 'String',
});

/**
 * Maps an SQS `ReceiveMessage` result (SDK v3 shape) to the record Lambda's SQS event source
 * mapping hands a function: lower-camel fields, system attributes as strings, message attributes
 * as `{ stringValue, stringListValues: [], binaryListValues: [], dataType }`.
 */
export const toLambdaSqsRecord = (message: Message, source: SqsRecordSource): SQSRecord => {
  const { MessageId, ReceiptHandle, Body, MD5OfBody, MD5OfMessageAttributes } = message;
  if (MessageId === undefined || ReceiptHandle === undefined || MD5OfBody === undefined) {
    throw new Error('SQS message without MessageId, ReceiptHandle or MD5OfBody');
  }
  const messageAttributes: Record<string, SQSMessageAttribute> = {};
  for (const [name, value] of Object.entries(message.MessageAttributes ?? {})) {
    messageAttributes[name] = toLambdaMessageAttribute(value);
  }
  return {
    messageId: MessageId,
    receiptHandle: ReceiptHandle,
    body: Body ?? '',
    attributes: toLambdaAttributes(message),
    messageAttributes,
    ...(MD5OfMessageAttributes === undefined
      ? {}
      : { md5OfMessageAttributes: MD5OfMessageAttributes }),
    md5OfBody: MD5OfBody,
    eventSource: 'aws:sqs',
    eventSourceARN: source.queueArn,
    awsRegion: source.region,
  };
};
