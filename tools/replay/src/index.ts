export { type ConnectOptions, connectToStage, type StageConnection } from './connectToStage.ts';
export {
  type ErrorContext,
  type ExitCode,
  ExitCodes,
  ReplayError,
  toReplayError,
  UsageError,
  WindowRefusedError,
} from './errors.ts';
export {
  assertStageName,
  type ConsumerQueue,
  consumerQueues,
  findConsumerQueue,
  type SubscribedTopic,
} from './findConsumerQueue.ts';
export { formatDryRun, formatReplayResult, replayResultJson } from './formatReplayResult.ts';
export { type HeldSubscription, heldSubscriptions } from './heldSubscriptions.ts';
export {
  localStage,
  type ReplayArguments,
  parseReplayArguments,
  replayUsage,
} from './parseReplayArguments.ts';
export { parseTimePoint, type TimePoint } from './parseTimePoint.ts';
export {
  checkReplayWindow,
  type PlannedReplay,
  type PlanOptions,
  planReplay,
  type ReplayPlan,
  replayPolicy,
  type ReplayWindow,
} from './planReplay.ts';
export {
  type ProgressOutput,
  type ProgressReporter,
  progressReporter,
} from './progressReporter.ts';
export type {
  QueueDepth,
  QueueIdentity,
  ReplayGateway,
  SubscriptionReplayState,
  TopicSubscription,
} from './ReplayGateway.ts';
export { type ReplayCliIo, runReplayCli } from './runReplayCli.ts';
export {
  type Clock,
  type ReplayPhase,
  ReplayPhases,
  type ReplayProgress,
  type ReplayResult,
  type ReplayStatus,
  ReplayStatuses,
  type RunOptions,
  runReplay,
  type SubscriptionProgress,
} from './runReplay.ts';
export { type CallListener, snsSqsReplayGateway } from './snsSqsReplayGateway.ts';
