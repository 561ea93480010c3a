import { canonicalJson, isRecord, literalOrSubText, toArray } from '../isRecord.ts';
import { resourcesOfType } from '../parseTemplate.ts';
import type { StackRule } from '../stackRule.ts';
import type { Violation } from '../violation.ts';
import { operationsTopicName } from './alarmActionsRule.ts';

// The topic name of an SNS ARN, literal or an Fn::Sub text: each part a literal or ${...}.
const PART = String.raw`(?:\$\{[^}]+\}|[^:$])+`;
const SNS_ARN = new RegExp(`^arn:${PART}:sns:${PART}:${PART}:(${PART})$`);
const topicNameOf = (arn: unknown): string | undefined => {
  const text = literalOrSubText(arn);
  return text === undefined ? undefined : SNS_ARN.exec(text)?.[1];
};

// Whether one statement of a topic policy lets AWS Budgets publish to the topic.
const allowsBudgets = (statement: unknown, topic: string): boolean => {
  if (!isRecord(statement) || statement.Effect !== 'Allow') return false;
  const principal = isRecord(statement.Principal) ? statement.Principal.Service : undefined;
  const actions = toArray(statement.Action).map((action) => String(action).toLowerCase());
  return (
    toArray(principal).includes('budgets.amazonaws.com') &&
    actions.includes('sns:publish') &&
    toArray(statement.Resource).some((resource) => topicNameOf(resource) === topic)
  );
};

/**
 * `stage-budget`: checks the bootstrap template of a stage's budget
 * (`docs/bootstrap/operations-budget.yml`), not a service stack: a monthly `COST` budget with an
 * amount, whose every notification goes to the stage's operations topic over SNS, and a policy
 * on that topic that lets `budgets.amazonaws.com` publish (without it AWS Budgets cannot notify).
 * The stack's `stage` is the stage the template names the topic with (`${Stage}` for the
 * parameter).
 */
export const stageBudgetRule: StackRule = {
  id: 'stage-budget',
  description:
    "A monthly COST budget with an amount notifies the stage's operations topic over SNS, whose policy lets budgets.amazonaws.com publish.",
  check: ({ service, stage, template }) => {
    const violations: Violation[] = [];
    const topic = operationsTopicName(stage);
    const report = (resource: string, message: string): void => {
      violations.push({ service, resource, rule: stageBudgetRule.id, message });
    };
    const budgets = resourcesOfType(template, 'AWS::Budgets::Budget');
    if (budgets.length === 0) report('(template)', 'has no AWS::Budgets::Budget');
    for (const [logicalId, { Properties }] of budgets) {
      const budget = isRecord(Properties.Budget) ? Properties.Budget : {};
      if (budget.BudgetType !== 'COST') report(logicalId, 'BudgetType must be COST');
      if (budget.TimeUnit !== 'MONTHLY') report(logicalId, 'TimeUnit must be MONTHLY');
      const limit = isRecord(budget.BudgetLimit) ? budget.BudgetLimit : {};
      if (limit.Amount === undefined) report(logicalId, 'BudgetLimit has no Amount');
      const notifications = toArray(Properties.NotificationsWithSubscribers);
      if (notifications.length === 0) report(logicalId, 'has no NotificationsWithSubscribers');
      for (const notification of notifications) {
        const subscribers = isRecord(notification) ? toArray(notification.Subscribers) : [];
        const toTopic = subscribers.some(
          (subscriber) =>
            isRecord(subscriber) &&
            subscriber.SubscriptionType === 'SNS' &&
            topicNameOf(subscriber.Address) === topic,
        );
        if (!toTopic) {
          report(
            logicalId,
            `notification ${canonicalJson(isRecord(notification) ? notification.Notification : notification)} does not notify the operations topic ${topic}`,
          );
        }
      }
    }
    const policies = resourcesOfType(template, 'AWS::SNS::TopicPolicy').filter(
      ([, { Properties }]) =>
        toArray(Properties.Topics).some((value) => topicNameOf(value) === topic),
    );
    const allowed = policies.some(([, { Properties }]) => {
      const document = isRecord(Properties.PolicyDocument) ? Properties.PolicyDocument : {};
      return toArray(document.Statement).some((statement) => allowsBudgets(statement, topic));
    });
    if (!allowed) {
      report(
        policies[0]?.[0] ?? '(template)',
        `no AWS::SNS::TopicPolicy of ${topic} lets budgets.amazonaws.com SNS:Publish to it`,
      );
    }
    return violations;
  },
};
