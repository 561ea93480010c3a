// The pre-deploy check against SNS (the local cloud's fauxqs): it reports exactly the
// producer topics a service subscribes to that are missing.
import { CreateTopicCommand, SNSClient } from '@aws-sdk/client-sns';
import { startTestCloud } from '@conveyor/service-testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  checkProducerTopics,
  formatTopicCheck,
  requiredProducerTopics,
} from '../src/checkProducerTopics.ts';

let cloud: Awaited<ReturnType<typeof startTestCloud>>;
let sns: SNSClient;

beforeAll(async () => {
  cloud = await startTestCloud();
  sns = new SNSClient({
    endpoint: cloud.endpoints.sns,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
});

afterAll(async () => {
  sns.destroy();
  await cloud.stop();
});

describe('requiredProducerTopics', () => {
  it.each([
    ['checkout', ['conveyor-dev-inventory-events.fifo', 'conveyor-dev-shipping-events.fifo']],
    ['inventory', ['conveyor-dev-order-events.fifo', 'conveyor-dev-shipping-events.fifo']],
    ['shipping', ['conveyor-dev-inventory-events.fifo']],
    [
      'email',
      [
        'conveyor-dev-order-events.fifo',
        'conveyor-dev-inventory-events.fifo',
        'conveyor-dev-shipping-events.fifo',
        'conveyor-dev-customer-events.fifo',
      ],
    ],
    [
      'marketing',
      [
        'conveyor-dev-order-events.fifo',
        'conveyor-dev-customer-events.fifo',
        'conveyor-dev-inventory-events.fifo',
      ],
    ],
  ])('lists the other services\u2019 topics %s subscribes to', (service, topics) => {
    // Act
    const required = requiredProducerTopics(service, 'dev');

    // Assess: at least these (a team may subscribe its service to more), none of its own.
    expect(required.map((topic) => topic.name)).toEqual(expect.arrayContaining(topics));
    expect(required.filter((topic) => topic.producer === service)).toEqual([]);
  });

  it('rejects an unknown service', () => {
    // Act
    const act = () => requiredProducerTopics('billing', 'dev');

    // Assess
    expect(act).toThrow(/Unknown service "billing"; known: checkout, inventory, shipping/);
  });
});

describe('checkProducerTopics', () => {
  it('names the producers to deploy first while their topics are missing, and passes once they exist', async () => {
    // Prepare: shipping's topic exists; checkout's in another stage only.
    await sns.send(
      new CreateTopicCommand({
        Name: 'conveyor-prod-shipping-events.fifo',
        Attributes: { FifoTopic: 'true' },
      }),
    );
    await sns.send(
      new CreateTopicCommand({
        Name: 'conveyor-qa-order-events.fifo',
        Attributes: { FifoTopic: 'true' },
      }),
    );

    // Act
    const before = await checkProducerTopics(sns, 'inventory', 'prod');
    await sns.send(
      new CreateTopicCommand({
        Name: 'conveyor-prod-order-events.fifo',
        Attributes: { FifoTopic: 'true' },
      }),
    );
    const after = await checkProducerTopics(sns, 'inventory', 'prod');

    // Assess
    expect(before.missing).toEqual([
      { name: 'conveyor-prod-order-events.fifo', producer: 'checkout' },
    ]);
    expect(formatTopicCheck(before, 'local')).toContain(
      'inventory cannot deploy yet: CloudFormation would fail its AWS::SNS::Subscription(s) with NotFound. Deploy checkout to "prod" first',
    );
    expect(after.missing).toEqual([]);
    expect(formatTopicCheck(after, 'local')).toContain('inventory can deploy');
  });
});
