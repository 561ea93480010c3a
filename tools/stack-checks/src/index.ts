export { checkContracts } from './drift/checkContracts.ts';
export { checkFilterPolicies, FILTER_POLICY } from './drift/filterPolicyCheck.ts';
export {
  checkHandlerCoverage,
  HANDLER_COVERAGE,
  type HandlerSources,
  handlerModulePath,
} from './drift/handlerCoverageCheck.ts';
export { type HandledEventTypes, readHandledEventTypes } from './drift/readHandledEventTypes.ts';
export { checkSubscriptionTopics, SUBSCRIPTION_TOPIC } from './drift/subscriptionTopicCheck.ts';
export { type EventTypeFilter, filterPolicyEventTypes } from './filterPolicyEventTypes.ts';
export {
  listServices,
  loadHandlerSources,
  loadPackagedStack,
  MissingPackageError,
  PACKAGE_DIR,
} from './loadPackagedStack.ts';
export type { PackagedStack } from './packagedStack.ts';
export {
  type CloudFormationTemplate,
  parseTemplate,
  resourcesOfType,
  type TemplateResource,
  TemplateShapeError,
} from './parseTemplate.ts';
export { alarmActionsRule, operationsTopicName } from './rules/alarmActionsRule.ts';
export { apiAccessLogsRule } from './rules/apiAccessLogsRule.ts';
export { apiThrottlingRule } from './rules/apiThrottlingRule.ts';
export { DashboardMetrics, dashboardRule } from './rules/dashboardRule.ts';
export { encryptionAtRestRule } from './rules/encryptionAtRestRule.ts';
export {
  eventSourceConcurrencyRule,
  MAXIMUM_CONCURRENCY_RANGE,
} from './rules/eventSourceConcurrencyRule.ts';
export { FIFO_MAX_BATCH_SIZE, fifoEventSourceRule } from './rules/fifoEventSourceRule.ts';
export { iamWildcardAllowList } from './rules/iamWildcardAllowList.ts';
export { iamWildcardRule } from './rules/iamWildcardRule.ts';
export { operationsTopicRule } from './rules/operationsTopicRule.ts';
export { checkPolicies, policyRules } from './rules/policyRules.ts';
export { QueueMetrics, queueAlarmsRule } from './rules/queueAlarmsRule.ts';
export { publicRoutes } from './rules/publicRoutes.ts';
export { queuePolicyRule } from './rules/queuePolicyRule.ts';
export { reportBatchItemFailuresRule } from './rules/reportBatchItemFailuresRule.ts';
export { REQUIRED_TAG_KEYS, requiredTagsRule } from './rules/requiredTagsRule.ts';
export { routeAuthorizationRule } from './rules/routeAuthorizationRule.ts';
export { MAX_RECEIVE_COUNT, sqsRedriveRule } from './rules/sqsRedriveRule.ts';
export { stageBudgetRule } from './rules/stageBudgetRule.ts';
export { subscriptionRedriveRule } from './rules/subscriptionRedriveRule.ts';
export {
  PROD_ARCHIVE_RETENTION_DAYS,
  PROD_STAGE,
  topicArchiveRule,
} from './rules/topicArchiveRule.ts';
export { tracingRule } from './rules/tracingRule.ts';
export { unusedRoleRule } from './rules/unusedRoleRule.ts';
export {
  type TagShape,
  TagShapes,
  taggableResourceTypes,
  untaggableResourceTypes,
} from './rules/taggableResourceTypes.ts';
export { VISIBILITY_FACTOR, visibilityTimeoutRule } from './rules/visibilityTimeoutRule.ts';
export type { StackRule } from './stackRule.ts';
export { topicNameOf } from './topicNameOf.ts';
export { formatViolation, type Violation } from './violation.ts';
