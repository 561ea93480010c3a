/**
 * `@conveyor/serverless-local-cloud`: a Serverless Framework plugin that provisions a service's
 * resources in the local cloud and runs its SQS event sources with Lambda's semantics inside
 * `sls offline start`. osls loads it through `plugin.cjs`; these exports serve tests, the
 * benchmark and other tools.
 *
 * @packageDocumentation
 */

/** The plugin class osls instantiates (through `plugin.cjs`). */
export { ServerlessLocalCloudPlugin } from './ServerlessLocalCloudPlugin.ts';

/** Resolves `Ref`, `Fn::GetAtt`, `Fn::Sub` and `Fn::Join`; throws naming the path otherwise. */
export {
  type IntrinsicContext,
  type ReferenceValue,
  resolveIntrinsics,
  resolveIntrinsicString,
} from './resolveIntrinsics.ts';

/** The template's supported resources, with local names, ARNs and queue URLs. */
export {
  buildResourceCatalog,
  type CatalogEntry,
  type LocalCloudIdentity,
  parseArn,
  queueUrl,
  type ResourceCatalog,
  ResourceTypes,
} from './resourceCatalog.ts';

/** Creates or updates the catalogued resources; idempotent. */
export { type LocalCloudClients, provisionResources } from './provisionResources.ts';

/** What a provisioning run did. */
export type { ProvisionReport } from './provisionReport.ts';

/** Reads and validates the functions' `sqs` events. */
export {
  defaultBatchSize,
  defaultConcurrency,
  readSqsEventSources,
  type SqsEventSource,
} from './readSqsEventSources.ts';

/** Each function's execution role, read from the compiled template with local ARNs. */
export { type FunctionRole, readFunctionRoles, type UnknownRole } from './readFunctionRoles.ts';

/** Registers functions with a local cloud that enforces IAM, and checks their event sources. */
export {
  assertEventSourcePermissions,
  type FunctionIdentities,
  registerFunctionIdentities,
} from './registerFunctionIdentities.ts';

/** Runs one SQS event source mapping. */
export {
  EventSourceRunner,
  type EventSourceRunnerOptions,
  type EventSourceRunnerStats,
  type RunnerLog,
} from './EventSourceRunner.ts';

/** Maps an SQS message to Lambda's SQS record. */
export { type SqsRecordSource, toLambdaSqsRecord } from './toLambdaSqsRecord.ts';

/** Decides which records of a batch to delete after an invocation. */
export {
  type BatchOutcome,
  type BatchRecordRef,
  decideBatchOutcome,
  type InvocationResult,
} from './decideBatchOutcome.ts';

/** Finding and talking to the local cloud. */
export {
  assertLocalCloudRunning,
  createLocalCloudClients,
  destroyLocalCloudClients,
  localCloudIdentity,
  type LocalCloudWait,
  localPortsVariable,
  readLocalCloudPorts,
} from './localCloudConnection.ts';

/** Errors the plugin raises on purpose. */
export {
  EventSourceConfigError,
  IntrinsicResolutionError,
  LocalCloudNotRunningError,
  LocalCloudPluginError,
  ProvisioningError,
} from './errors.ts';
