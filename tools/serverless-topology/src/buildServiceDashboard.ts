import type { CloudFormationResource } from './serverlessTypes.ts';

/** One queue a service consumes, as its dashboard shows it. */
export interface DashboardQueue {
  /** The queue's logical id, such as `OrdersQueue`. */
  readonly queueId: string;
  /** Its DLQs' logical ids: its own, and the delivery DLQ of its subscriptions when it has one. */
  readonly dlqIds: readonly string[];
  /** The key of the function that consumes it, such as `onOrderPlaced`. */
  readonly functionKey: string;
}

/** What {@link buildServiceDashboard} draws. */
export interface ServiceDashboardInput {
  /** `DashboardName`, such as `conveyor-dev-inventory`. */
  readonly dashboardName: string;
  readonly queues: readonly DashboardQueue[];
}

/** The metrics period of every widget, in seconds. */
export const DASHBOARD_PERIOD_SECONDS = 60;

/**
 * The logical id osls gives a function's `AWS::Lambda::Function` (its naming's
 * `getLambdaLogicalId`): `onOrderPlaced` → `OnOrderPlacedLambdaFunction`.
 *
 * @example
 * ```ts
 * lambdaLogicalId('send-mail'); // 'SendDashmailLambdaFunction'
 * ```
 */
export const lambdaLogicalId = (functionKey: string): string => {
  const normalized = functionKey.replace(/-/g, 'Dash').replace(/_/g, 'Underscore');
  return `${normalized.charAt(0).toUpperCase()}${normalized.slice(1)}LambdaFunction`;
};

type Metric = readonly (string | Readonly<Record<string, string>>)[];

// `${Id.QueueName}` and `${Id}` are Fn::Sub references: CloudFormation writes the names, so the
// dashboard follows a renamed function or queue, and a template without the resource fails.
const queueName = (queueId: string): string => `\${${queueId}.QueueName}`;
const functionName = (functionKey: string): string => `\${${lambdaLogicalId(functionKey)}}`;

const widget = (
  title: string,
  metrics: readonly Metric[],
  stat: string,
): Readonly<Record<string, unknown>> => ({
  type: 'metric',
  width: 12,
  height: 6,
  properties: {
    title,
    view: 'timeSeries',
    stacked: false,
    region: '${AWS::Region}',
    stat,
    period: DASHBOARD_PERIOD_SECONDS,
    metrics,
  },
});

/**
 * A service's CloudWatch dashboard for one stage: per queue it consumes, the depth of the queue
 * and of its DLQs (`ApproximateNumberOfMessagesVisible`) and the age of its oldest message; per
 * consuming function, its invocations, errors and throttles, and its duration. The body is an
 * `Fn::Sub` of the JSON, with the queues' and functions' names as references to their resources.
 *
 * @example
 * ```ts
 * buildServiceDashboard({
 *   dashboardName: 'conveyor-dev-inventory',
 *   queues: [{ queueId: 'OrdersQueue', dlqIds: ['OrdersDlq'], functionKey: 'onOrderPlaced' }],
 * }).Type; // 'AWS::CloudWatch::Dashboard'
 * ```
 */
export const buildServiceDashboard = ({
  dashboardName,
  queues,
}: ServiceDashboardInput): CloudFormationResource => {
  const widgets = queues.flatMap(({ queueId, dlqIds, functionKey }) => {
    const queue = queueName(queueId);
    const fn = functionName(functionKey);
    return [
      widget(
        `${queue}: depth, DLQ depth`,
        [queueId, ...dlqIds].map((id) => [
          'AWS/SQS',
          'ApproximateNumberOfMessagesVisible',
          'QueueName',
          queueName(id),
        ]),
        'Maximum',
      ),
      widget(
        `${queue}: age of the oldest message (s)`,
        [['AWS/SQS', 'ApproximateAgeOfOldestMessage', 'QueueName', queue]],
        'Maximum',
      ),
      widget(
        `${fn}: invocations, errors, throttles`,
        ['Invocations', 'Errors', 'Throttles'].map((metric) => [
          'AWS/Lambda',
          metric,
          'FunctionName',
          fn,
        ]),
        'Sum',
      ),
      widget(
        `${fn}: duration (ms)`,
        [
          ['AWS/Lambda', 'Duration', 'FunctionName', fn, { stat: 'Average' }],
          ['AWS/Lambda', 'Duration', 'FunctionName', fn, { stat: 'Maximum' }],
        ],
        'Average',
      ),
    ];
  });
  return {
    Type: 'AWS::CloudWatch::Dashboard',
    Properties: {
      DashboardName: dashboardName,
      DashboardBody: { 'Fn::Sub': JSON.stringify({ widgets }) },
    },
  };
};
