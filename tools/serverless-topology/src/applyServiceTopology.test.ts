import { describe, expect, it } from 'vitest';
import {
  applyServiceTopology,
  grantTracing,
  type ServiceConfiguration,
  xrayStatement,
} from './applyServiceTopology.ts';
import type { ServiceTopology } from './buildServiceTopology.ts';
import { TopologyPluginError } from './errors.ts';

const queueArn = { 'Fn::GetAtt': ['OrdersQueue', 'Arn'] };

const built: ServiceTopology = {
  environment: { INVENTORY_EVENTS_TOPIC_ARN: { Ref: 'InventoryEventsTopic' } },
  resources: {
    InventoryEventsTopic: { Type: 'AWS::SNS::Topic', Properties: { TopicName: 'events.fifo' } },
    OrdersQueue: { Type: 'AWS::SQS::Queue', Properties: { QueueName: 'orders.fifo' } },
  },
  conditions: {},
  outputs: { InventoryEventsTopicArn: { Value: { Ref: 'InventoryEventsTopic' } } },
  consumers: [
    {
      queueKey: 'inventoryOrders',
      functionKey: 'onOrderPlaced',
      sqsEvent: {
        arn: queueArn,
        batchSize: 10,
        functionResponseType: 'ReportBatchItemFailures',
        maximumConcurrency: 5,
      },
      iamStatement: { Effect: 'Allow', Action: ['sqs:ReceiveMessage'], Resource: queueArn },
    },
  ],
};

const ownStatement = { Effect: 'Allow', Action: 'dynamodb:GetItem', Resource: 'table' };

const configuration = (): ServiceConfiguration => ({
  environment: { STAGE: 'dev' },
  resources: {
    Resources: { StockTable: { Type: 'AWS::DynamoDB::Table' } },
    Outputs: { HttpApiUrl: { Value: 'url' } },
  },
  functions: {
    onOrderPlaced: { events: [], iamRoleStatements: [ownStatement] },
    getStockItem: { events: [{ httpApi: 'GET /items' }] },
  },
});

const messageOf = (act: () => void): string => {
  try {
    act();
  } catch (error) {
    expect(error).toBeInstanceOf(TopologyPluginError);
    return (error as Error).message;
  }
  return 'no error';
};

describe('applyServiceTopology', () => {
  it("adds the resources, outputs, variables, the consumer's sqs event and its IAM statement", () => {
    // Prepare
    const target = configuration();

    // Act
    applyServiceTopology(target, built);

    // Assess
    expect(Object.keys(target.resources.Resources ?? {})).toEqual([
      'StockTable',
      'InventoryEventsTopic',
      'OrdersQueue',
    ]);
    expect(Object.keys(target.resources.Outputs ?? {})).toEqual([
      'HttpApiUrl',
      'InventoryEventsTopicArn',
    ]);
    expect(target.resources).not.toHaveProperty('Conditions');
    expect(target.environment).toEqual({
      STAGE: 'dev',
      INVENTORY_EVENTS_TOPIC_ARN: { Ref: 'InventoryEventsTopic' },
    });
    expect(target.functions.onOrderPlaced).toEqual({
      events: [{ sqs: built.consumers[0]?.sqsEvent }],
      iamRoleStatements: [ownStatement, built.consumers[0]?.iamStatement],
    });
    expect(target.functions.getStockItem).toEqual({ events: [{ httpApi: 'GET /items' }] });
  });

  it('refuses what serverless.yml still writes by hand, naming it', () => {
    // Prepare
    const withQueue = configuration();
    withQueue.resources.Resources = { OrdersQueue: { Type: 'AWS::SQS::Queue' } };
    const withEvent = configuration();
    withEvent.functions.onOrderPlaced?.events?.push({ sqs: { arn: queueArn, batchSize: 10 } });
    const withVariable = configuration();
    withVariable.environment.INVENTORY_EVENTS_TOPIC_ARN = 'arn';

    // Act
    const messages = [withQueue, withEvent, withVariable].map((target) =>
      messageOf(() => {
        applyServiceTopology(target, built);
      }),
    );

    // Assess
    expect(messages).toEqual([
      'resources.Resources.OrdersQueue is written in serverless.yml, but the topology builds it (tools/serverless-topology); remove it from serverless.yml',
      'functions.onOrderPlaced.events has an sqs event on the queue of "inventoryOrders", but the topology builds it (tools/serverless-topology); remove it from serverless.yml',
      'provider.environment.INVENTORY_EVENTS_TOPIC_ARN is set in serverless.yml, but the topology sets it (tools/serverless-topology); remove it from serverless.yml',
    ]);
  });

  it('fails when the consuming function is missing, before changing anything', () => {
    // Prepare
    const target = configuration();
    const { onOrderPlaced: _consumer, ...others } = target.functions;
    const withoutConsumer: ServiceConfiguration = { ...target, functions: others };

    // Act
    const message = messageOf(() => {
      applyServiceTopology(withoutConsumer, built);
    });

    // Assess
    expect(message).toMatch(/queue "inventoryOrders" is consumed by function onOrderPlaced/);
    expect(Object.keys(withoutConsumer.resources.Resources ?? {})).toEqual(['StockTable']);
  });
});

describe('grantTracing', () => {
  it("adds X-Ray's statement to each traced function with a role of its own, once", () => {
    // Prepare
    const functions = {
      ownRole: { iamRoleStatements: [ownStatement] },
      sharedRole: {},
      untraced: { tracing: false, iamRoleStatements: [ownStatement] },
    };

    // Act
    grantTracing(functions, true);
    grantTracing(functions, true);

    // Assess
    expect(functions.ownRole.iamRoleStatements).toEqual([ownStatement, xrayStatement]);
    expect(functions.sharedRole).toEqual({});
    expect(functions.untraced.iamRoleStatements).toEqual([ownStatement]);
  });

  it('adds nothing when the provider does not trace', () => {
    // Prepare
    const functions = { ownRole: { iamRoleStatements: [ownStatement] } };

    // Act
    grantTracing(functions, undefined);

    // Assess
    expect(functions.ownRole.iamRoleStatements).toEqual([ownStatement]);
  });
});
