export {
  connectToStage,
  type ConnectOptions,
  type DlqConnection,
  localStage,
  readLocalPorts,
  type ResolvedStage,
  resolveStage,
  type StageClientConfig,
  type Target,
  Targets,
} from './connectToStage.ts';
export {
  assertStageName,
  type DeadLetterQueue,
  deadLetterQueues,
  DlqSources,
  findDeadLetterQueue,
  MAX_RECEIVE_COUNT,
} from './deadLetterQueues.ts';
export { AWS_CLIENT_TIMEOUTS } from './awsClientTimeouts.ts';
export {
  CredentialsError,
  describeAwsError,
  DlqError,
  type ExitCode,
  ExitCodes,
  explainAccessTrouble,
  isConnectionRefused,
  LocalCloudSilentError,
  LocalCloudStoppedError,
  MoveTaskUnsupportedError,
  PurgeRefusedError,
  QueueNotFoundError,
  RedriveError,
  toDlqError,
  UnknownQueueError,
  UsageError,
} from './errors.ts';
export {
  type DeadLetterQueueDepth,
  formatDeadLetterQueueList,
  listDeadLetterQueues,
} from './listDeadLetterQueues.ts';
export {
  type DlqArguments,
  type DlqCommand,
  DlqCommands,
  dlqUsage,
  parseDlqArguments,
} from './parseDlqArguments.ts';
export { attachDashedValues } from './attachDashedValues.ts';
export { parseArgsErrorMessage } from './parseArgsErrorMessage.ts';
export {
  describeEnvelope,
  formatPeekResult,
  type PeekedEnvelope,
  type PeekedMessage,
  type PeekedMessageOutput,
  type PeekOptions,
  type PeekResult,
  type PeekResultOutput,
  peekDeadLetterQueue,
  peekResultForOutput,
  peekVisibilitySeconds,
} from './peekDeadLetterQueue.ts';
export {
  confirmPurge,
  formatPurgeResult,
  type PurgeConfirmation,
  purgeDeadLetterQueue,
  type PurgeResult,
} from './purgeDeadLetterQueue.ts';
export { type QueueState, readQueue } from './readQueue.ts';
export {
  formatRedriveResult,
  redriveDeadLetterQueue,
  redriveDeduplicationId,
  type RedriveMethod,
  RedriveMethods,
  type RedriveOptions,
  type RedrivenMessage,
  type RedriveResult,
} from './redriveDeadLetterQueue.ts';
export { type DlqCliIo, runDlqCli } from './runDlqCli.ts';
