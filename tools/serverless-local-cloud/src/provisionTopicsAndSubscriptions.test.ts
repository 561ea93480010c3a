import {
  CreateTopicCommand,
  GetTopicAttributesCommand,
  SetTopicAttributesCommand,
  type SNSClient,
} from '@aws-sdk/client-sns';
import { describe, expect, it } from 'vitest';
import { ProvisionRecorder } from './provisionReport.ts';
import { provisionTopicsAndSubscriptions } from './provisionTopicsAndSubscriptions.ts';
import { buildResourceCatalog, type LocalCloudIdentity } from './resourceCatalog.ts';

const identity: LocalCloudIdentity = {
  region: 'us-east-1',
  accountId: '000000000000',
  partition: 'aws',
  sqsEndpoint: 'http://127.0.0.1:4566',
};
const topicArn = 'arn:aws:sns:us-east-1:000000000000:conveyor-local-order-events.fifo';

/** The topic calls of SNS, on one topic held in memory; records each call's name. */
const fakeSns = (attributes?: Record<string, string>) => {
  let topic = attributes === undefined ? undefined : { ...attributes };
  const calls: string[] = [];
  const send = (command: unknown): Promise<unknown> => {
    if (command instanceof GetTopicAttributesCommand) {
      calls.push('GetTopicAttributes');
      if (topic === undefined) {
        return Promise.reject(Object.assign(new Error('no topic'), { name: 'NotFoundException' }));
      }
      return Promise.resolve({ Attributes: { ...topic } });
    }
    if (command instanceof CreateTopicCommand) {
      calls.push('CreateTopic');
      topic = { ...command.input.Attributes };
      return Promise.resolve({ TopicArn: topicArn });
    }
    if (command instanceof SetTopicAttributesCommand) {
      const { AttributeName = '', AttributeValue = '' } = command.input;
      calls.push(`SetTopicAttributes ${AttributeName}=${AttributeValue}`);
      topic = { ...topic, [AttributeName]: AttributeValue };
      return Promise.resolve({});
    }
    return Promise.reject(new Error(`unexpected ${String(command)}`));
  };
  return { client: { send } as unknown as SNSClient, calls };
};

const template = (archivePolicy: unknown) => ({
  OrderEventsTopic: {
    Type: 'AWS::SNS::Topic',
    Properties: {
      TopicName: 'conveyor-local-order-events.fifo',
      FifoTopic: true,
      ...(archivePolicy === undefined ? {} : { ArchivePolicy: archivePolicy }),
    },
  },
});

const provision = async (archivePolicy: unknown, sns: ReturnType<typeof fakeSns>) => {
  const recorder = new ProvisionRecorder();
  const catalog = buildResourceCatalog(
    template(archivePolicy),
    'conveyor-checkout-local',
    identity,
  );
  await provisionTopicsAndSubscriptions(catalog, identity, sns.client, recorder);
  return recorder;
};

describe('provisionTopicsAndSubscriptions: a topic ArchivePolicy', () => {
  it("sets the template's ArchivePolicy on a new topic", async () => {
    // Prepare
    const sns = fakeSns();

    // Act
    const recorder = await provision({ MessageRetentionPeriod: 7 }, sns);

    // Assess
    expect(sns.calls).toContain('SetTopicAttributes ArchivePolicy={"MessageRetentionPeriod":7}');
    expect(recorder.created).toEqual(['OrderEventsTopic']);
    expect(recorder.details).toEqual([]);
  });

  it('leaves an equal policy alone, whether its days are a number or a string', async () => {
    // Prepare
    const sns = fakeSns({
      FifoTopic: 'true',
      ContentBasedDeduplication: 'false',
      ArchivePolicy: '{"MessageRetentionPeriod":"7"}',
    });

    // Act
    const recorder = await provision({ MessageRetentionPeriod: 7 }, sns);

    // Assess
    expect(sns.calls).toEqual(['GetTopicAttributes', 'GetTopicAttributes']);
    expect(recorder.unchanged).toEqual(['OrderEventsTopic']);
  });

  it('changes the retention of a topic a consumer created first, with no policy', async () => {
    // Prepare
    const sns = fakeSns({ FifoTopic: 'true', ContentBasedDeduplication: 'false' });

    // Act
    const recorder = await provision({ MessageRetentionPeriod: '365' }, sns);

    // Assess
    expect(sns.calls).toContain(
      'SetTopicAttributes ArchivePolicy={"MessageRetentionPeriod":"365"}',
    );
    expect(recorder.updated).toEqual(['OrderEventsTopic']);
  });

  it('keeps the archive of a topic whose template has no ArchivePolicy any more', async () => {
    // Prepare
    const sns = fakeSns({
      FifoTopic: 'true',
      ContentBasedDeduplication: 'false',
      ArchivePolicy: '{"MessageRetentionPeriod":"7"}',
    });

    // Act
    const recorder = await provision(undefined, sns);

    // Assess
    expect(sns.calls.filter((call) => call.startsWith('SetTopicAttributes'))).toEqual([]);
    expect(recorder.unchanged).toEqual(['OrderEventsTopic']);
  });
});
