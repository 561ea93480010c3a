import type { PackagedStack } from '../packagedStack.ts';
import type { StackRule } from '../stackRule.ts';
import type { Violation } from '../violation.ts';
import { alarmActionsRule } from './alarmActionsRule.ts';
import { apiAccessLogsRule } from './apiAccessLogsRule.ts';
import { apiThrottlingRule } from './apiThrottlingRule.ts';
import { dashboardRule } from './dashboardRule.ts';
import { encryptionAtRestRule } from './encryptionAtRestRule.ts';
import { eventSourceConcurrencyRule } from './eventSourceConcurrencyRule.ts';
import { fifoEventSourceRule } from './fifoEventSourceRule.ts';
import { iamNeedlessGrantRule } from './iamNeedlessGrantRule.ts';
import { iamWildcardRule } from './iamWildcardRule.ts';
import { intrinsicShapeRule } from './intrinsicShapeRule.ts';
import { queueAlarmsRule } from './queueAlarmsRule.ts';
import { queuePolicyRule } from './queuePolicyRule.ts';
import { reportBatchItemFailuresRule } from './reportBatchItemFailuresRule.ts';
import { requiredTagsRule } from './requiredTagsRule.ts';
import { routeAuthorizationRule } from './routeAuthorizationRule.ts';
import { sqsRedriveRule } from './sqsRedriveRule.ts';
import { subscriptionRedriveRule } from './subscriptionRedriveRule.ts';
import { topicArchiveRule } from './topicArchiveRule.ts';
import { topicPublisherRule } from './topicPublisherRule.ts';
import { tracingRule } from './tracingRule.ts';
import { unusedRoleRule } from './unusedRoleRule.ts';
import { visibilityTimeoutRule } from './visibilityTimeoutRule.ts';

/** Every policy rule, in the order the README lists them. */
export const policyRules: readonly StackRule[] = [
  sqsRedriveRule,
  subscriptionRedriveRule,
  fifoEventSourceRule,
  reportBatchItemFailuresRule,
  eventSourceConcurrencyRule,
  visibilityTimeoutRule,
  queuePolicyRule,
  encryptionAtRestRule,
  topicArchiveRule,
  topicPublisherRule,
  tracingRule,
  iamWildcardRule,
  iamNeedlessGrantRule,
  unusedRoleRule,
  queueAlarmsRule,
  alarmActionsRule,
  dashboardRule,
  apiThrottlingRule,
  apiAccessLogsRule,
  routeAuthorizationRule,
  requiredTagsRule,
  intrinsicShapeRule,
];

/** Every policy rule's violations for one stack. */
export const checkPolicies = (stack: PackagedStack): readonly Violation[] =>
  policyRules.flatMap((rule) => rule.check(stack));
