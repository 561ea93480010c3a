/**
 * `@conveyor/serverless-topology`: a Serverless Framework plugin that builds a service's part of
 * the messaging topology (topics, queues, DLQs, policies, subscriptions, event sources, IAM
 * statements, alarms, dashboard) from `@conveyor/event-types`, and tags every taggable resource. osls loads
 * it through `plugin.cjs`; these exports serve tests and other tools.
 *
 * @packageDocumentation
 */

/** The plugin class osls instantiates (through `plugin.cjs`). */
export { ServerlessTopologyPlugin } from './ServerlessTopologyPlugin.ts';

/** Builds a service's part of the topology for one stage, as plain CloudFormation. */
export {
  buildServiceTopology,
  type BuiltDlq,
  CONSUMER_QUEUE_ACTIONS,
  type ConsumerWiring,
  DASHBOARD_LOGICAL_ID,
  deadLetterQueuesOf,
  DEFAULT_OLDEST_MESSAGE_SECONDS,
  type DlqSource,
  DlqSources,
  type IamStatement,
  MAX_RECEIVE_COUNT,
  resolvedTimeout,
  type ServiceTopology,
  type ServiceTopologyInput,
  type SqsEvent,
  SUBSCRIBE_CONDITION,
  topicArnVariable,
  VISIBILITY_FACTOR,
} from './buildServiceTopology.ts';

/** A service's CloudWatch dashboard of its queues and consuming functions. */
export {
  buildServiceDashboard,
  DASHBOARD_PERIOD_SECONDS,
  type DashboardQueue,
  lambdaLogicalId,
  type ServiceDashboardInput,
} from './buildServiceDashboard.ts';

/** The stage's dashboard of every queue and consumer, as a bootstrap template. */
export {
  buildStageDashboard,
  type StageDashboardTemplate,
  stageDashboardText,
} from './buildStageDashboard.ts';

/** Adds a built topology to a service's configuration. */
export {
  applyServiceTopology,
  grantTracing,
  type ServiceConfiguration,
  xrayStatement,
} from './applyServiceTopology.ts';

/** Reads `custom.topology` of a serverless.yml. */
export {
  type QueueAlarmsConfig,
  readTopologyConfig,
  type TopologyConfig,
} from './readTopologyConfig.ts';

/** Removes a role nothing in a compiled template uses (the framework's default one). */
export { removeUnusedRole } from './removeUnusedRole.ts';

/** Takes out of a template's roles the IAM grants that add nothing. */
export { trimRoleStatements } from './trimRoleStatements.ts';

/** Tags every taggable resource of a template. */
export { tagResources, type TagShape, TagShapes, taggableResourceTypes } from './tagResources.ts';

/** Errors the plugin raises on purpose. */
export { TopologyPluginError } from './errors.ts';
