export { acceptsConnections } from './acceptsConnections.ts';
export { compileCacheEnvironment } from './compileCacheEnvironment.ts';
export { discoverServices, type LocalService } from './discoverServices.ts';
export {
  DataDirInUseError,
  LocalCloudError,
  LocalCloudUsageError,
  PortInUseError,
} from './errors.ts';
export type { AuthorizationCheck, ConditionContext } from './iam/AuthorizationCheck.ts';
export type { DecisionRecord } from './iam/DecisionLog.ts';
export {
  type FunctionCredentials,
  type FunctionRegistration,
  functionAccessKeyId,
  isFunctionAccessKeyId,
  localSharedSecret,
  type PolicyStatement,
} from './iam/functionIdentity.ts';
export {
  type LocalCloudIam,
  localCloudIam,
  type RegisteredFunctionView,
} from './iam/localCloudIam.ts';
export type { Decision } from './iam/PolicyEvaluator.ts';
export type { RefusedDelivery } from './iam/SnsDeliveryGuard.ts';
export { freePorts } from './freePorts.ts';
export { isLocalCloudRunning } from './isLocalCloudRunning.ts';
export { assertPortFree } from './loopback.ts';
export { onShutdownSignal, type ShutdownReason } from './onShutdownSignal.ts';
export {
  markProvisioned,
  openProvisionBarrier,
  provisionBarrierVariable,
  provisionNameVariable,
  type ProvisionWaitOptions,
  unprovisionedServices,
  waitUntilProvisioned,
} from './provisionBarrier.ts';
export {
  launcherOf,
  supervisorPidVariable,
  watchLauncher,
  watchSupervisor,
} from './watchSupervisor.ts';
export { maxArchiveRetentionDays } from './snsArchive/archivePolicy.ts';
export { defaultReplayPacer, type ReplayPacer } from './snsArchive/ReplayPacer.ts';
export { type ReplayStatus, ReplayStatuses } from './snsArchive/replayPolicy.ts';
export type { CountedService } from './stats/describeCall.ts';
export { type LocalRunSnapshot, readLocalRunStats, statsPath } from './stats/LocalRunStats.ts';
export { type RunningNpmStart, runningFrom } from './localCloudOnPorts.ts';
export type { InvocationTotals, NpmStartReport } from './stats/npmStartReport.ts';
export type { RequestCount } from './stats/RequestCounter.ts';
export { localAccountId, localRegion } from './localAccount.ts';
export { localCloudEnvironment } from './localCloudEnvironment.ts';
export {
  defaultConsolePort,
  defaultLocalCloudPorts,
  formatLocalCloudPorts,
  type LocalCloudPorts,
  localCloudPortLabels,
  parseLocalCloudPorts,
  readLocalCloudPortsSetting,
  resolveLocalCloudPorts,
} from './localCloudPorts.ts';
export {
  defaultLocalCloudDataDir,
  type LocalCloudEndpoints,
  localCloudEndpointsFor,
} from './localCloudEndpointsFor.ts';
export type { LocalCloud, LocalCloudOptions } from './startLocalCloud.ts';
export { startLocalCloud } from './startLocalCloudOnDemand.ts';
