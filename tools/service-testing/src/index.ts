export { type AwsClients, awsClients } from './awsClients.ts';
export { boundedFetch } from './boundedFetch.ts';
export { type DeadLetterQueue, deadLetterQueueOf, queueUrlOf } from './deadLetterQueueOf.ts';
export {
  type HoldingProxies,
  type HoldRule,
  type HoldStatus,
  type ProxyAnswer,
  startHoldingProxies,
  type Upstream,
} from './holdingProxies.ts';
export { type HoldingProxiesClient, holdingProxiesClient } from './holdingProxiesClient.ts';
export { type InitFailure, initFailuresUrlVariable, serveInitFailures } from './initFailures.ts';
export { invokeFunction } from './invokeFunction.ts';
export { offlineServiceSetup, type OfflineServiceSetupOptions } from './offlineServiceSetup.ts';
export { patience } from './patience.ts';
export {
  type OfflineService,
  type OfflineServiceOptions,
  repoRoot,
  startOfflineService,
} from './startOfflineService.ts';
export {
  type LocalSystem,
  type LocalSystemOptions,
  type OrderFlowService,
  orderFlowServices,
  startLocalSystem,
} from './startLocalSystem.ts';
export {
  startTestCloud,
  type TestCloud,
  type TestCloudOptions,
  type TestCloudStorage,
  testCloudStorageFromEnv,
  testCloudStorages,
  testCloudStorageVariable,
} from './startTestCloud.ts';
export {
  archiveTopicsOfQueue,
  expireIdempotencyRecord,
  type IdempotencyRecordKey,
  type QueueSubscription,
  queueSubscriptions,
  replayToQueue,
  type ReplayToQueueOptions,
} from './replayToQueue.ts';
export {
  countHandled,
  timesHandled,
  type TimesHandledOptions,
  waitForTimesHandled,
} from './timesHandled.ts';
export {
  type PermissionToRevoke,
  type RevokedPermission,
  revokePermission,
} from './revokePermission.ts';
export { permutations, seededRandom, shuffled } from './seededShuffle.ts';
export { serveText } from './serveText.ts';
export {
  jsonLogLines,
  markServiceOutput,
  readServiceLogs,
  readServiceOutput,
  stoppedWorkers,
} from './serviceOutput.ts';
export { queueDepth, type TopicTap, tapTopic } from './topicTap.ts';
export { sleep, waitFor, type WaitForOptions } from './waitFor.ts';
export { waitForDrained } from './waitForDrained.ts';
export { waitForMessage, type WaitForMessageOptions } from './waitForMessage.ts';
