import { isRecord } from '../isRecord.ts';
import { resourcesOfType } from '../parseTemplate.ts';
import { readMessaging, redriveOf } from '../readMessaging.ts';
import type { StackRule } from '../stackRule.ts';
import type { Violation } from '../violation.ts';

/** What the dashboard shows of each source queue, each of its DLQs and each consuming function. */
export const DashboardMetrics = {
  queue: ['ApproximateNumberOfMessagesVisible', 'ApproximateAgeOfOldestMessage'],
  dlq: ['ApproximateNumberOfMessagesVisible'],
  function: ['Invocations', 'Errors', 'Duration', 'Throttles'],
} as const;

// The body's text: a string, or the template of an Fn::Sub (whose ${...} stay inside strings).
const bodyText = (body: unknown): string | undefined => {
  if (typeof body === 'string') return body;
  if (!isRecord(body)) return undefined;
  const sub = body['Fn::Sub'];
  if (typeof sub === 'string') return sub;
  if (Array.isArray(sub) && typeof sub[0] === 'string') return sub[0];
  return undefined;
};

// "<metric> <dimension value>" for every metric line of every widget.
const metricLines = (body: unknown): ReadonlySet<string> => {
  const lines = new Set<string>();
  const widgets = isRecord(body) && Array.isArray(body.widgets) ? body.widgets : [];
  for (const widget of widgets as readonly unknown[]) {
    const properties = isRecord(widget) ? widget.properties : undefined;
    const metrics = isRecord(properties) ? properties.metrics : undefined;
    for (const metric of Array.isArray(metrics) ? (metrics as readonly unknown[]) : []) {
      if (!Array.isArray(metric)) continue;
      const [, name, , value] = metric as readonly unknown[];
      if (typeof name === 'string' && typeof value === 'string') lines.add(`${name} ${value}`);
    }
  }
  return lines;
};

/**
 * `dashboard`: a stack with SQS consumers has a CloudWatch dashboard (serverless-topology draws
 * it) whose body is JSON and shows, for each source queue, its depth and the age of its oldest
 * message, the depth of each of its DLQs (the queue's own, and its subscriptions'), and for each
 * consuming function its invocations, errors, duration and throttles. A queue or function is
 * named by an `Fn::Sub` reference (`${Queue.QueueName}`, `${Function}`) or by its literal name.
 */
export const dashboardRule: StackRule = {
  id: 'dashboard',
  description:
    'A stack with SQS consumers has an AWS::CloudWatch::Dashboard showing every source queue (depth, age of oldest message), its DLQs (depth) and every consuming function (invocations, errors, duration, throttles).',
  check: ({ service, template }) => {
    const violations: Violation[] = [];
    const messaging = readMessaging(template);
    const consumed = messaging.eventSources.filter(
      (source) => source.sqs && source.queueId !== undefined,
    );
    if (consumed.length === 0) return violations;
    const dashboards = resourcesOfType(template, 'AWS::CloudWatch::Dashboard');
    const report = (resource: string, message: string): void => {
      violations.push({ service, resource, rule: dashboardRule.id, message });
    };
    if (dashboards.length === 0) {
      for (const source of consumed) {
        report(
          source.logicalId,
          'consumes a queue, but the stack has no AWS::CloudWatch::Dashboard',
        );
      }
      return violations;
    }
    // Wanted: metric lines, each with the resource it is about and the names it may go by.
    const wanted: { about: string; metric: string; names: string[] }[] = [];
    const queueNames = (queueId: string): string[] => {
      const literal = messaging.queues.get(queueId)?.properties.QueueName;
      return [`\${${queueId}.QueueName}`, ...(typeof literal === 'string' ? [literal] : [])];
    };
    const want = (about: string, metrics: readonly string[], names: string[]): void => {
      for (const metric of metrics) wanted.push({ about, metric, names });
    };
    for (const { queueId, functionId } of consumed) {
      if (queueId === undefined) continue;
      want(queueId, DashboardMetrics.queue, queueNames(queueId));
      const queue = messaging.queues.get(queueId);
      const dlqIds = new Set([
        redriveOf(queue?.properties ?? {})?.dlqId,
        ...messaging.subscriptions
          .filter((subscription) => subscription.queueId === queueId)
          .map((subscription) => subscription.redrive?.dlqId),
      ]);
      for (const dlqId of dlqIds) {
        if (dlqId !== undefined && messaging.queues.has(dlqId)) {
          want(dlqId, DashboardMetrics.dlq, queueNames(dlqId));
        }
      }
      if (functionId !== undefined) {
        const literal = template.Resources[functionId]?.Properties.FunctionName;
        want(functionId, DashboardMetrics.function, [
          `\${${functionId}}`,
          ...(typeof literal === 'string' ? [literal] : []),
        ]);
      }
    }
    for (const [logicalId, { Properties }] of dashboards) {
      const text = bodyText(Properties.DashboardBody);
      let body: unknown;
      try {
        body = text === undefined ? undefined : (JSON.parse(text) as unknown);
      } catch {
        body = undefined;
      }
      if (body === undefined) {
        report(logicalId, 'DashboardBody is not JSON (nor an Fn::Sub of JSON)');
        continue;
      }
      const lines = metricLines(body);
      const missing = new Set<string>();
      for (const { about, metric, names } of wanted) {
        if (!names.some((name) => lines.has(`${metric} ${name}`)))
          missing.add(`${metric} of ${about}`);
      }
      for (const line of missing) report(logicalId, `does not show ${line}`);
    }
    return violations;
  },
};
