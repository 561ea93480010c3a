import { describe, expect, it } from 'vitest';
import {
  passingResources,
  stackOf,
  violationLines,
  withSubscriptionDlq,
} from '../../tests/fixtures/fixtureStack.ts';
import { dashboardRule } from './dashboardRule.ts';

const ESM = 'OnOrderPlacedEventSourceMappingSQSOrdersQueue';

// The fixture's dashboard body, parsed, for tests to change.
const bodyOf = (resources: ReturnType<typeof passingResources>): { widgets: unknown[] } => {
  const body = resources.Dashboard!.Properties.DashboardBody as { 'Fn::Sub': string };
  return JSON.parse(body['Fn::Sub']) as { widgets: unknown[] };
};

describe('dashboardRule', () => {
  it("passes a dashboard of the queue, its DLQ and its consumer's metrics", () => {
    // Act
    const lines = violationLines(dashboardRule, stackOf(passingResources()));

    // Assess
    expect(lines).toEqual([]);
  });

  it('takes literal names as well as Fn::Sub references', () => {
    // Prepare
    const resources = passingResources();
    resources.OnOrderPlacedLambdaFunction!.Properties.FunctionName = 'inventory-onOrderPlaced';
    const literal = JSON.stringify(bodyOf(resources))
      .replaceAll('${OrdersQueue.QueueName}', 'conveyor-dev-inventory-orders.fifo')
      .replaceAll('${OrdersDlq.QueueName}', 'conveyor-dev-inventory-orders-dlq.fifo')
      .replaceAll('${OnOrderPlacedLambdaFunction}', 'inventory-onOrderPlaced')
      .replaceAll('${AWS::Region}', 'us-east-1');
    resources.Dashboard!.Properties.DashboardBody = literal;

    // Act
    const lines = violationLines(dashboardRule, stackOf(resources));

    // Assess
    expect(lines).toEqual([]);
  });

  it('fails a consumer stack without a dashboard', () => {
    // Prepare
    const resources = passingResources();
    delete resources.Dashboard;

    // Act
    const lines = violationLines(dashboardRule, stackOf(resources));

    // Assess
    expect(lines).toEqual([
      `inventory: ${ESM}: dashboard: consumes a queue, but the stack has no AWS::CloudWatch::Dashboard`,
    ]);
  });

  it('fails a body that is not JSON', () => {
    // Prepare
    const resources = passingResources();
    resources.Dashboard!.Properties.DashboardBody = { 'Fn::Sub': '{"widgets": [' };

    // Act
    const lines = violationLines(dashboardRule, stackOf(resources));

    // Assess
    expect(lines).toEqual([
      'inventory: Dashboard: dashboard: DashboardBody is not JSON (nor an Fn::Sub of JSON)',
    ]);
  });

  it("names each metric missing: the function's, and the depth of a subscription's DLQ", () => {
    // Prepare: the consumer's widget gone, and a DLQ of the subscription's own nobody draws.
    const resources = withSubscriptionDlq();
    const body = bodyOf(resources);
    resources.Dashboard!.Properties.DashboardBody = {
      'Fn::Sub': JSON.stringify({ widgets: body.widgets.slice(0, 1) }),
    };

    // Act
    const lines = violationLines(dashboardRule, stackOf(resources));

    // Assess
    expect(lines).toEqual([
      'inventory: Dashboard: dashboard: does not show ApproximateNumberOfMessagesVisible of OrdersSubscriptionDlq',
      'inventory: Dashboard: dashboard: does not show Invocations of OnOrderPlacedLambdaFunction',
      'inventory: Dashboard: dashboard: does not show Errors of OnOrderPlacedLambdaFunction',
      'inventory: Dashboard: dashboard: does not show Duration of OnOrderPlacedLambdaFunction',
      'inventory: Dashboard: dashboard: does not show Throttles of OnOrderPlacedLambdaFunction',
    ]);
  });

  it('asks nothing of a stack that consumes no queue', () => {
    // Prepare
    const resources = passingResources();
    delete resources.OnOrderPlacedEventSourceMappingSQSOrdersQueue;
    delete resources.Dashboard;

    // Act
    const lines = violationLines(dashboardRule, stackOf(resources));

    // Assess
    expect(lines).toEqual([]);
  });
});
