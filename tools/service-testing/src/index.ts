export { type AwsClients, awsClients } from './awsClients.ts';
export { boundedFetch } from './boundedFetch.ts';
export { freePort } from './freePort.ts';
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
  startTestCloud,
  type TestCloud,
  type TestCloudOptions,
  type TestCloudStorage,
  testCloudStorageFromEnv,
  testCloudStorages,
  testCloudStorageVariable,
} from './startTestCloud.ts';
export { queueDepth, type TopicTap, tapTopic } from './topicTap.ts';
export { sleep, waitFor, type WaitForOptions } from './waitFor.ts';
export { waitForDrained } from './waitForDrained.ts';
export { waitForMessage, type WaitForMessageOptions } from './waitForMessage.ts';
