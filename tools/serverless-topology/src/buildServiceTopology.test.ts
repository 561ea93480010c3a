import { parseTopology, type Topology } from '@conveyor/event-types';
import { describe, expect, it } from 'vitest';
import {
  buildServiceTopology,
  CONSUMER_QUEUE_ACTIONS,
  DASHBOARD_LOGICAL_ID,
  resolvedTimeout,
  type ServiceTopology,
  topicArnVariable,
} from './buildServiceTopology.ts';
import { TopologyPluginError } from './errors.ts';
import type { TopologyConfig } from './readTopologyConfig.ts';

// A small topology of its own: two producers (one topic archived, with a longer retention in
// prod), a FIFO consumer of both, a standard consumer of one with a body filter and a local
// override, and a producer that also consumes.
const fixture = {
  namePrefix: 'conveyor',
  operations: { topicName: 'operations' },
  topics: {
    orderEvents: {
      logicalId: 'OrderEvents',
      name: 'order-events.fifo',
      fifo: true,
      producer: 'checkout',
      events: ['order.placed'],
      archive: { retentionDays: 7, stages: { prod: { retentionDays: 365 } } },
    },
    inventoryEvents: {
      logicalId: 'InventoryEvents',
      name: 'inventory-events.fifo',
      fifo: true,
      producer: 'inventory',
      events: ['inventory.reserved', 'inventory.reservation-failed'],
    },
  },
  queues: {
    emailNotifications: {
      logicalId: 'Notifications',
      name: 'email-notifications.fifo',
      dlqName: 'email-notifications-dlq.fifo',
      fifo: true,
      consumer: 'email',
      function: 'onNotificationEvent',
      batchSize: 10,
      maximumConcurrency: 5,
      subscriptions: {
        orderEvents: { events: ['order.placed'] },
        inventoryEvents: { events: ['inventory.reservation-failed'] },
      },
    },
    marketingAudience: {
      logicalId: 'Audience',
      name: 'marketing-audience',
      dlqName: 'marketing-audience-dlq',
      fifo: false,
      consumer: 'marketing',
      function: 'onOrderPlaced',
      batchSize: 50,
      batchingWindow: 5,
      stages: { local: { batchingWindow: 2 } },
      maximumConcurrency: 2,
      subscriptions: {
        orderEvents: {
          events: ['order.placed'],
          bodyFilter: { data: { marketingOptIn: [true] } },
        },
      },
    },
    inventoryOrders: {
      logicalId: 'Orders',
      name: 'inventory-orders.fifo',
      dlqName: 'inventory-orders-dlq.fifo',
      fifo: true,
      consumer: 'inventory',
      function: 'onOrderPlaced',
      batchSize: 10,
      maximumConcurrency: 5,
      subscriptions: { orderEvents: { events: ['order.placed'] } },
    },
  },
};

const topology: Topology = parseTopology(fixture);

const build = (
  config: TopologyConfig,
  { stage = 'dev', from = topology, timeout = 20 } = {},
): ServiceTopology =>
  buildServiceTopology({
    topology: from,
    config,
    stage,
    functionTimeout: (key) =>
      ['onNotificationEvent', 'onOrderPlaced'].includes(key) ? timeout : undefined,
  });

const sub = (name: string): unknown => ({
  'Fn::Sub': `arn:\${AWS::Partition}:sns:\${AWS::Region}:\${AWS::AccountId}:${name}`,
});
const sqsSub = (name: string): unknown => ({
  'Fn::Sub': `arn:\${AWS::Partition}:sqs:\${AWS::Region}:\${AWS::AccountId}:${name}`,
});
const getAtt = (logicalId: string, attribute: string): unknown => ({
  'Fn::GetAtt': [logicalId, attribute],
});
const operations = sub('conveyor-dev-operations');

describe('buildServiceTopology', () => {
  it('builds a producer its encrypted topic, the ARN output and variable, and a delivery-failure alarm', () => {
    // Act
    const built = build({ service: 'checkout' });

    // Assess
    expect(built.resources.OrderEventsTopic).toEqual({
      Type: 'AWS::SNS::Topic',
      Properties: {
        TopicName: 'conveyor-dev-order-events.fifo',
        FifoTopic: true,
        ContentBasedDeduplication: false,
        KmsMasterKeyId: 'alias/aws/sns',
        TracingConfig: 'Active',
        ArchivePolicy: { MessageRetentionPeriod: 7 },
      },
    });
    expect(built.outputs).toEqual({ OrderEventsTopicArn: { Value: { Ref: 'OrderEventsTopic' } } });
    expect(built.environment).toEqual({ ORDER_EVENTS_TOPIC_ARN: { Ref: 'OrderEventsTopic' } });
    expect(built.resources.OrderEventsDeliveryFailuresAlarm?.Properties).toMatchObject({
      AlarmName: 'conveyor-dev-order-events-delivery-failures',
      Namespace: 'AWS/SNS',
      MetricName: 'NumberOfNotificationsFailed',
      Dimensions: [{ Name: 'TopicName', Value: getAtt('OrderEventsTopic', 'TopicName') }],
      Statistic: 'Sum',
      Threshold: 0,
      ComparisonOperator: 'GreaterThanThreshold',
      AlarmActions: [operations],
      OKActions: [operations],
    });
    expect(built.consumers).toEqual([]);
  });

  it("archives a topic for the stage's retention, and leaves a topic without archive unarchived", () => {
    // Act
    const prod = build({ service: 'checkout' }, { stage: 'prod' });
    const local = build({ service: 'checkout' }, { stage: 'local' });
    const inventory = build({ service: 'inventory' }, { stage: 'prod' });

    // Assess
    expect(prod.resources.OrderEventsTopic?.Properties?.ArchivePolicy).toEqual({
      MessageRetentionPeriod: 365,
    });
    expect(local.resources.OrderEventsTopic?.Properties?.ArchivePolicy).toEqual({
      MessageRetentionPeriod: 7,
    });
    expect(inventory.resources.InventoryEventsTopic?.Properties).not.toHaveProperty(
      'ArchivePolicy',
    );
  });

  it("builds a FIFO consumer's queue, DLQ and subscriptions with today's logical ids", () => {
    // Act
    const built = build({ service: 'email' });

    // Assess
    expect(Object.keys(built.resources).sort()).toEqual(
      [
        'Dashboard',
        'InventoryEventsSubscription',
        'NotificationsDlq',
        'NotificationsDlqDepthAlarm',
        'NotificationsDlqPolicy',
        'NotificationsQueue',
        'NotificationsQueueAgeAlarm',
        'NotificationsQueuePolicy',
        'OrderEventsSubscription',
      ].sort(),
    );
    expect(built.resources.NotificationsQueue).toEqual({
      Type: 'AWS::SQS::Queue',
      Properties: {
        QueueName: 'conveyor-dev-email-notifications.fifo',
        FifoQueue: true,
        ContentBasedDeduplication: false,
        VisibilityTimeout: 120,
        MessageRetentionPeriod: 345_600,
        SqsManagedSseEnabled: true,
        RedrivePolicy: {
          deadLetterTargetArn: getAtt('NotificationsDlq', 'Arn'),
          maxReceiveCount: 3,
        },
      },
    });
    expect(built.resources.NotificationsDlq).toEqual({
      Type: 'AWS::SQS::Queue',
      Properties: {
        QueueName: 'conveyor-dev-email-notifications-dlq.fifo',
        FifoQueue: true,
        MessageRetentionPeriod: 1_209_600,
        SqsManagedSseEnabled: true,
        // Only its own queue may dead-letter into it.
        RedriveAllowPolicy: {
          redrivePermission: 'byQueue',
          sourceQueueArns: [sqsSub('conveyor-dev-email-notifications.fifo')],
        },
      },
    });
    expect(built.resources.InventoryEventsSubscription).toEqual({
      Type: 'AWS::SNS::Subscription',
      Properties: {
        TopicArn: sub('conveyor-dev-inventory-events.fifo'),
        Protocol: 'sqs',
        Endpoint: getAtt('NotificationsQueue', 'Arn'),
        RawMessageDelivery: true,
        FilterPolicyScope: 'MessageAttributes',
        FilterPolicy: { eventType: ['inventory.reservation-failed'] },
        RedrivePolicy: { deadLetterTargetArn: getAtt('NotificationsDlq', 'Arn') },
      },
    });
    expect(built.conditions).toEqual({});
  });

  it('lets SNS send to the queue and to the DLQ only from the subscribed topics', () => {
    // Act
    const built = build({ service: 'email' });

    // Assess
    const topics = [
      sub('conveyor-dev-order-events.fifo'),
      sub('conveyor-dev-inventory-events.fifo'),
    ];
    const statement = (queueId: string, sid: string): unknown => ({
      Sid: sid,
      Effect: 'Allow',
      Principal: { Service: 'sns.amazonaws.com' },
      Action: 'sqs:SendMessage',
      Resource: getAtt(queueId, 'Arn'),
      Condition: { ArnEquals: { 'aws:SourceArn': topics } },
    });
    expect(built.resources.NotificationsQueuePolicy?.Properties).toEqual({
      Queues: [{ Ref: 'NotificationsQueue' }],
      PolicyDocument: {
        Version: '2012-10-17',
        Statement: [statement('NotificationsQueue', 'AllowProducerTopics')],
      },
    });
    expect(built.resources.NotificationsDlqPolicy?.Properties).toEqual({
      Queues: [{ Ref: 'NotificationsDlq' }],
      PolicyDocument: {
        Version: '2012-10-17',
        Statement: [statement('NotificationsDlq', 'AllowSubscriptionDeadLetters')],
      },
    });
  });

  it('names one subscribed topic as a single aws:SourceArn, as the hand-written policies did', () => {
    // Act
    const built = build({ service: 'inventory' });

    // Assess
    expect(built.resources.OrdersQueuePolicy?.Properties).toMatchObject({
      PolicyDocument: {
        Statement: [
          {
            Sid: 'AllowOrderEventsTopic',
            Condition: { ArnEquals: { 'aws:SourceArn': sub('conveyor-dev-order-events.fifo') } },
          },
        ],
      },
    });
  });

  it('gives the consuming function its sqs event and an IAM statement scoped to its queue', () => {
    // Act
    const built = build({ service: 'email' });

    // Assess
    expect(built.consumers).toEqual([
      {
        queueKey: 'emailNotifications',
        functionKey: 'onNotificationEvent',
        sqsEvent: {
          arn: getAtt('NotificationsQueue', 'Arn'),
          batchSize: 10,
          functionResponseType: 'ReportBatchItemFailures',
          maximumConcurrency: 5,
        },
        iamStatement: {
          Effect: 'Allow',
          Action: [...CONSUMER_QUEUE_ACTIONS],
          Resource: getAtt('NotificationsQueue', 'Arn'),
        },
      },
    ]);
  });

  it('alarms on the DLQ depth and the oldest message, notifying the operations topic both ways', () => {
    // Act
    const built = build({ service: 'email' });

    // Assess
    expect(built.resources.NotificationsDlqDepthAlarm?.Properties).toEqual({
      AlarmName: 'conveyor-dev-email-notifications-dlq-depth',
      AlarmDescription:
        'Events that failed 3 times are waiting in the DLQ; inspect and redrive them.',
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: getAtt('NotificationsDlq', 'QueueName') }],
      Statistic: 'Maximum',
      Period: 60,
      EvaluationPeriods: 1,
      Threshold: 0,
      ComparisonOperator: 'GreaterThanThreshold',
      TreatMissingData: 'notBreaching',
      AlarmActions: [operations],
      OKActions: [operations],
    });
    expect(built.resources.NotificationsQueueAgeAlarm?.Properties).toMatchObject({
      AlarmName: 'conveyor-dev-email-notifications-oldest-message',
      MetricName: 'ApproximateAgeOfOldestMessage',
      Dimensions: [{ Name: 'QueueName', Value: getAtt('NotificationsQueue', 'QueueName') }],
      EvaluationPeriods: 5,
      Threshold: 300,
      AlarmActions: [operations],
      OKActions: [operations],
    });
  });

  it("takes the service's own alarm descriptions and age threshold", () => {
    // Act
    const built = build({
      service: 'email',
      queues: {
        emailNotifications: {
          dlqDepthAlarm: 'Customers miss mails.',
          oldestMessageAlarm: 'Mails are late.',
          oldestMessageSeconds: 900,
        },
      },
    });

    // Assess
    expect(built.resources.NotificationsDlqDepthAlarm?.Properties?.AlarmDescription).toBe(
      'Customers miss mails.',
    );
    expect(built.resources.NotificationsQueueAgeAlarm?.Properties).toMatchObject({
      AlarmDescription: 'Mails are late.',
      Threshold: 900,
    });
  });

  it('gives a standard queue on a FIFO topic a FIFO DLQ for undelivered messages, and a body filter', () => {
    // Act
    const built = build({ service: 'marketing' });

    // Assess
    const { resources } = built;
    expect(resources.AudienceQueue?.Properties).not.toHaveProperty('FifoQueue');
    expect(resources.AudienceDlq?.Properties).not.toHaveProperty('FifoQueue');
    expect(resources.AudienceDeliveryDlq?.Properties).toEqual({
      QueueName: 'conveyor-dev-marketing-audience-delivery-dlq.fifo',
      FifoQueue: true,
      MessageRetentionPeriod: 1_209_600,
      SqsManagedSseEnabled: true,
      // Only SNS delivers to it: no queue may name it as its DLQ.
      RedriveAllowPolicy: { redrivePermission: 'denyAll' },
    });
    expect(resources.OrderEventsSubscription?.Properties).toMatchObject({
      FilterPolicyScope: 'MessageBody',
      FilterPolicy: { eventType: ['order.placed'], data: { marketingOptIn: [true] } },
      RedrivePolicy: { deadLetterTargetArn: getAtt('AudienceDeliveryDlq', 'Arn') },
    });
    expect(resources.AudienceDeliveryDlqPolicy?.Properties).toMatchObject({
      Queues: [{ Ref: 'AudienceDeliveryDlq' }],
    });
    expect(resources).not.toHaveProperty('AudienceDlqPolicy');
    expect(resources.AudienceDeliveryDlqDepthAlarm?.Properties).toMatchObject({
      AlarmName: 'conveyor-dev-marketing-audience-delivery-dlq-depth',
      AlarmActions: [operations],
    });
  });

  it("draws a consumer's dashboard of its queues, DLQs and functions; a mere producer gets none", () => {
    // Act
    const marketing = build({ service: 'marketing' }, { stage: 'prod' });
    const checkout = build({ service: 'checkout' });

    // Assess
    const dashboard = marketing.resources[DASHBOARD_LOGICAL_ID];
    expect(dashboard?.Type).toBe('AWS::CloudWatch::Dashboard');
    expect(dashboard?.Properties?.DashboardName).toBe('conveyor-prod-marketing');
    const body = (dashboard?.Properties?.DashboardBody as { 'Fn::Sub': string })['Fn::Sub'];
    const references = [...body.matchAll(/\$\{([^}]+)\}/g)].map(([, reference]) => reference);
    expect(new Set(references)).toEqual(
      new Set([
        'AudienceQueue.QueueName',
        'AudienceDlq.QueueName',
        'AudienceDeliveryDlq.QueueName',
        'OnOrderPlacedLambdaFunction',
        'AWS::Region',
      ]),
    );
    expect(checkout.resources).not.toHaveProperty(DASHBOARD_LOGICAL_ID);
  });

  it("applies the stage's overrides and computes the visibility from the function's timeout there", () => {
    // Act
    const dev = build({ service: 'marketing' }, { stage: 'dev', timeout: 30 });
    const local = build({ service: 'marketing' }, { stage: 'local', timeout: 10 });

    // Assess
    expect(dev.consumers[0]?.sqsEvent).toMatchObject({ batchSize: 50, maximumBatchingWindow: 5 });
    expect(local.consumers[0]?.sqsEvent).toMatchObject({ batchSize: 50, maximumBatchingWindow: 2 });
    expect(dev.resources.AudienceQueue?.Properties?.VisibilityTimeout).toBe(180);
    expect(local.resources.AudienceQueue?.Properties?.VisibilityTimeout).toBe(60);
    expect(local.resources.AudienceQueue?.Properties?.QueueName).toBe(
      'conveyor-local-marketing-audience',
    );
  });

  it("puts the Subscribe condition on subscriptions to other services' topics only", () => {
    // Prepare
    const from = parseTopology({
      ...fixture,
      queues: {
        ...fixture.queues,
        inventoryOrders: {
          ...fixture.queues.inventoryOrders,
          subscriptions: {
            orderEvents: { events: ['order.placed'] },
            inventoryEvents: { events: ['inventory.reservation-failed'] },
          },
        },
      },
    });

    // Act
    const built = build({ service: 'inventory', subscribe: 'false' }, { from });

    // Assess
    expect(built.conditions).toEqual({ Subscribe: { 'Fn::Equals': ['false', 'true'] } });
    expect(built.resources.OrderEventsSubscription?.Condition).toBe('Subscribe');
    expect(built.resources.InventoryEventsSubscription).not.toHaveProperty('Condition');
  });

  it('builds a subscription added to the topology, with the policies extended to its topic', () => {
    // Prepare
    const from = parseTopology({
      ...fixture,
      queues: {
        ...fixture.queues,
        inventoryOrders: {
          ...fixture.queues.inventoryOrders,
          subscriptions: {
            ...fixture.queues.inventoryOrders.subscriptions,
            inventoryEvents: { events: ['inventory.reserved'] },
          },
        },
      },
    });

    // Act
    const before = build({ service: 'inventory' });
    const after = build({ service: 'inventory' }, { from });

    // Assess
    expect(before.resources).not.toHaveProperty('InventoryEventsSubscription');
    expect(after.resources.InventoryEventsSubscription?.Properties).toMatchObject({
      TopicArn: sub('conveyor-dev-inventory-events.fifo'),
      Endpoint: getAtt('OrdersQueue', 'Arn'),
      FilterPolicy: { eventType: ['inventory.reserved'] },
      RedrivePolicy: { deadLetterTargetArn: getAtt('OrdersDlq', 'Arn') },
    });
    const sourceArns = (policyId: string): unknown =>
      (
        after.resources[policyId]?.Properties as {
          PolicyDocument: { Statement: { Condition: { ArnEquals: Record<string, unknown> } }[] };
        }
      ).PolicyDocument.Statement[0]?.Condition.ArnEquals['aws:SourceArn'];
    const both = [sub('conveyor-dev-order-events.fifo'), sub('conveyor-dev-inventory-events.fifo')];
    expect(sourceArns('OrdersQueuePolicy')).toEqual(both);
    expect(sourceArns('OrdersDlqPolicy')).toEqual(both);
  });

  it('names subscriptions after their queue too when two queues of a service subscribe to one topic', () => {
    // Prepare
    const from = parseTopology({
      ...fixture,
      queues: {
        ...fixture.queues,
        emailReceipts: {
          ...fixture.queues.emailNotifications,
          logicalId: 'Receipts',
          name: 'email-receipts.fifo',
          dlqName: 'email-receipts-dlq.fifo',
          subscriptions: { orderEvents: { events: ['order.placed'] } },
        },
      },
    });

    // Act
    const built = build({ service: 'email' }, { from });

    // Assess
    expect(
      Object.keys(built.resources)
        .filter((id) => id.endsWith('Subscription'))
        .sort(),
    ).toEqual([
      'InventoryEventsSubscription',
      'NotificationsOrderEventsSubscription',
      'ReceiptsOrderEventsSubscription',
    ]);
  });

  it('fails naming the problem for an unknown service, a missing function, a foreign queue and a bad stage', () => {
    // Act
    const failures = [
      () => build({ service: 'emial' }),
      () =>
        buildServiceTopology({
          topology,
          config: { service: 'email' },
          stage: 'dev',
          functionTimeout: () => undefined,
        }),
      () => build({ service: 'email', queues: { inventoryOrders: {} } }),
      () => build({ service: 'email' }, { stage: 'Prod' }),
    ];

    // Assess
    const messages = failures.map((fail) => {
      try {
        fail();
        return 'no error';
      } catch (error) {
        expect(error).toBeInstanceOf(TopologyPluginError);
        return (error as Error).message;
      }
    });
    expect(messages[0]).toMatch(/"emial" produces no topic and consumes no queue/);
    expect(messages[1]).toMatch(
      /queue "emailNotifications" is consumed by function onNotificationEvent/,
    );
    expect(messages[2]).toMatch(
      /custom\.topology\.queues\.inventoryOrders: email consumes no queue/,
    );
    expect(messages[3]).toMatch(/Invalid stage "Prod"/);
  });
});

describe('resolvedTimeout', () => {
  it("takes the function's timeout, else the provider's, else the framework's 6 s", () => {
    // Act
    const timeouts = [
      resolvedTimeout(15, 10),
      resolvedTimeout(undefined, 10),
      resolvedTimeout(undefined, undefined),
    ];

    // Assess
    expect(timeouts).toEqual([15, 10, 6]);
  });

  it('fails on a timeout that is not a whole number of seconds', () => {
    // Act
    const act = () => resolvedTimeout('soon', 10);

    // Assess
    expect(act).toThrow(TopologyPluginError);
  });
});

describe('topicArnVariable', () => {
  it('turns a topic key into the variable its publishers read', () => {
    // Act
    const names = ['orderEvents', 'inventoryEvents', 'shippingEvents'].map(topicArnVariable);

    // Assess
    expect(names).toEqual([
      'ORDER_EVENTS_TOPIC_ARN',
      'INVENTORY_EVENTS_TOPIC_ARN',
      'SHIPPING_EVENTS_TOPIC_ARN',
    ]);
  });
});
