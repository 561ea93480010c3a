import { describe, expect, it } from 'vitest';
import { EventSourceConfigError } from './errors.ts';
import { readSqsEventSources } from './readSqsEventSources.ts';
import { buildResourceCatalog, type LocalCloudIdentity } from './resourceCatalog.ts';

const identity: LocalCloudIdentity = {
  region: 'us-east-1',
  accountId: '000000000000',
  partition: 'aws',
  sqsEndpoint: 'http://127.0.0.1:4566',
};
const catalog = buildResourceCatalog(
  {
    Orders: { Type: 'AWS::SQS::Queue', Properties: { QueueName: 'orders.fifo', FifoQueue: true } },
    Audience: { Type: 'AWS::SQS::Queue', Properties: { QueueName: 'audience' } },
  },
  'svc-dev',
  identity,
);

const read = (sqs: unknown) =>
  readSqsEventSources(
    { consume: { handler: 'h.consume', events: [{ sqs }] } },
    catalog.context,
    identity,
  );

describe('readSqsEventSources', () => {
  it('reads a FIFO event source with Lambda defaults', () => {
    // Prepare
    const sqs = {
      arn: { 'Fn::GetAtt': ['Orders', 'Arn'] },
      functionResponseType: 'ReportBatchItemFailures',
    };

    // Act
    const { sources } = read(sqs);

    // Assess
    expect(sources).toEqual([
      {
        functionKey: 'consume',
        queueArn: 'arn:aws:sqs:us-east-1:000000000000:orders.fifo',
        queueName: 'orders.fifo',
        queueUrl: 'http://127.0.0.1:4566/000000000000/orders.fifo',
        fifo: true,
        batchSize: 10,
        maximumBatchingWindowSeconds: 0,
        reportBatchItemFailures: true,
        maximumConcurrency: 10,
      },
    ]);
  });

  it('takes an ARN string, a batching window and a concurrency limit on a standard queue', () => {
    // Prepare
    const sqs = {
      arn: 'arn:aws:sqs:us-east-1:000000000000:audience',
      batchSize: 100,
      maximumBatchingWindow: 5,
      maximumConcurrency: 2,
    };

    // Act
    const { sources } = read(sqs);

    // Assess
    expect(sources[0]).toMatchObject({
      fifo: false,
      batchSize: 100,
      maximumBatchingWindowSeconds: 5,
      reportBatchItemFailures: false,
      maximumConcurrency: 2,
    });
  });

  it("refuses a batching window on a FIFO queue with AWS's deploy-time message", () => {
    // Prepare
    const sqs = { arn: { 'Fn::GetAtt': ['Orders', 'Arn'] }, maximumBatchingWindow: 1 };

    // Act
    const act = () => read(sqs);

    // Assess
    expect(act).toThrow(EventSourceConfigError);
    expect(act).toThrow(
      'Function consume, sqs event on orders.fifo: Invalid request provided: Batching window is not supported for FIFO queues',
    );
  });

  it('refuses batches over 10 on a FIFO queue, and on a standard queue without a window', () => {
    // Prepare
    const fifo = { arn: { 'Fn::GetAtt': ['Orders', 'Arn'] }, batchSize: 11 };
    const standard = { arn: { 'Fn::GetAtt': ['Audience', 'Arn'] }, batchSize: 11 };

    // Act
    const acts = [() => read(fifo), () => read(standard)];

    // Assess
    expect(acts[0]).toThrow('batchSize 11 is over 10');
    expect(acts[1]).toThrow(
      'Maximum batch window in seconds must be greater than 0 if maximum batch size is greater than 10',
    );
  });

  it('skips disabled events and notes filter patterns it does not apply', () => {
    // Prepare
    const disabled = { arn: { 'Fn::GetAtt': ['Audience', 'Arn'] }, enabled: false };
    const filtered = {
      arn: { 'Fn::GetAtt': ['Audience', 'Arn'] },
      filterPatterns: [{ body: { a: [1] } }],
    };

    // Act
    const first = read(disabled);
    const second = read(filtered);

    // Assess
    expect(first.sources).toEqual([]);
    expect(first.notes[0]).toContain('disabled');
    expect(second.sources).toHaveLength(1);
    expect(second.notes[0]).toContain('filterPatterns are not applied locally');
  });

  it('refuses a queue outside the local account or region, and anything but an SQS ARN', () => {
    // Prepare
    const foreign = 'arn:aws:sqs:eu-west-1:123456789012:orders.fifo';
    const topic = 'arn:aws:sns:us-east-1:000000000000:events';

    // Act
    const acts = [() => read(foreign), () => read(topic)];

    // Assess
    expect(acts[0]).toThrow('is outside the local cloud');
    expect(acts[1]).toThrow('is not an SQS queue ARN');
  });
});
