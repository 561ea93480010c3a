import { describe, expect, it } from 'vitest';
import { buildServiceDashboard, lambdaLogicalId } from './buildServiceDashboard.ts';

interface Widget {
  readonly properties: {
    readonly title: string;
    readonly stat: string;
    readonly region: string;
    readonly metrics: readonly (readonly unknown[])[];
  };
}

// The body with its Fn::Sub references left in, parsed: CloudFormation substitutes only those.
const widgetsOf = (resource: ReturnType<typeof buildServiceDashboard>): Widget[] => {
  const body = resource.Properties?.DashboardBody as { 'Fn::Sub': string };
  return (JSON.parse(body['Fn::Sub']) as { widgets: Widget[] }).widgets;
};

describe('buildServiceDashboard', () => {
  it('draws depth, DLQ depths and age per queue, and the consumer metrics per function', () => {
    // Act
    const dashboard = buildServiceDashboard({
      dashboardName: 'conveyor-dev-marketing',
      queues: [
        {
          queueId: 'AudienceQueue',
          dlqIds: ['AudienceDlq', 'AudienceDeliveryDlq'],
          functionKey: 'onAudienceEvent',
        },
      ],
    });

    // Assess
    expect(dashboard.Type).toBe('AWS::CloudWatch::Dashboard');
    expect(dashboard.Properties?.DashboardName).toBe('conveyor-dev-marketing');
    const widgets = widgetsOf(dashboard);
    expect(widgets.map(({ properties }) => [properties.title, properties.stat])).toEqual([
      ['${AudienceQueue.QueueName}: depth, DLQ depth', 'Maximum'],
      ['${AudienceQueue.QueueName}: age of the oldest message (s)', 'Maximum'],
      ['${OnAudienceEventLambdaFunction}: invocations, errors, throttles', 'Sum'],
      ['${OnAudienceEventLambdaFunction}: duration (ms)', 'Average'],
    ]);
    expect(widgets.map(({ properties }) => properties.metrics)).toEqual([
      [
        [
          'AWS/SQS',
          'ApproximateNumberOfMessagesVisible',
          'QueueName',
          '${AudienceQueue.QueueName}',
        ],
        ['AWS/SQS', 'ApproximateNumberOfMessagesVisible', 'QueueName', '${AudienceDlq.QueueName}'],
        [
          'AWS/SQS',
          'ApproximateNumberOfMessagesVisible',
          'QueueName',
          '${AudienceDeliveryDlq.QueueName}',
        ],
      ],
      [['AWS/SQS', 'ApproximateAgeOfOldestMessage', 'QueueName', '${AudienceQueue.QueueName}']],
      [
        ['AWS/Lambda', 'Invocations', 'FunctionName', '${OnAudienceEventLambdaFunction}'],
        ['AWS/Lambda', 'Errors', 'FunctionName', '${OnAudienceEventLambdaFunction}'],
        ['AWS/Lambda', 'Throttles', 'FunctionName', '${OnAudienceEventLambdaFunction}'],
      ],
      [
        [
          'AWS/Lambda',
          'Duration',
          'FunctionName',
          '${OnAudienceEventLambdaFunction}',
          { stat: 'Average' },
        ],
        [
          'AWS/Lambda',
          'Duration',
          'FunctionName',
          '${OnAudienceEventLambdaFunction}',
          { stat: 'Maximum' },
        ],
      ],
    ]);
    expect(new Set(widgets.map(({ properties }) => properties.region))).toEqual(
      new Set(['${AWS::Region}']),
    );
  });

  it('draws four widgets per queue, in the order of the queues', () => {
    // Act
    const widgets = widgetsOf(
      buildServiceDashboard({
        dashboardName: 'conveyor-dev-inventory',
        queues: [
          { queueId: 'OrdersQueue', dlqIds: ['OrdersDlq'], functionKey: 'onOrderPlaced' },
          { queueId: 'ShipmentsQueue', dlqIds: ['ShipmentsDlq'], functionKey: 'onShipmentCreated' },
        ],
      }),
    );

    // Assess
    expect(widgets.map(({ properties }) => properties.title.split(':')[0])).toEqual([
      '${OrdersQueue.QueueName}',
      '${OrdersQueue.QueueName}',
      '${OnOrderPlacedLambdaFunction}',
      '${OnOrderPlacedLambdaFunction}',
      '${ShipmentsQueue.QueueName}',
      '${ShipmentsQueue.QueueName}',
      '${OnShipmentCreatedLambdaFunction}',
      '${OnShipmentCreatedLambdaFunction}',
    ]);
  });
});

describe('lambdaLogicalId', () => {
  it.each([
    ['onOrderPlaced', 'OnOrderPlacedLambdaFunction'],
    ['send-mail', 'SendDashmailLambdaFunction'],
    ['send_mail', 'SendUnderscoremailLambdaFunction'],
  ])('names %s as osls does: %s', (functionKey, logicalId) => {
    // Act
    const id = lambdaLogicalId(functionKey);

    // Assess
    expect(id).toBe(logicalId);
  });
});
