// The queue reading, DLQ peeking and AWS access wording of `npm run dlq`, used as they are: a
// second copy of the peek (receive with a visibility timeout, then hand back) or of the wording
// could drift from the one that is tested.
export {
  assertStageName,
  AWS_CLIENT_TIMEOUTS,
  connectToStage,
  type DeadLetterQueue,
  deadLetterQueues,
  DlqError,
  DlqSources,
  type DlqConnection,
  explainAccessTrouble,
  MAX_RECEIVE_COUNT,
  type PeekedMessage,
  peekDeadLetterQueue,
  QueueNotFoundError,
  readQueue,
} from '@conveyor/dlq';
