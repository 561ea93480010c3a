// The queue reading and DLQ peeking of `npm run dlq`, used as they are: a second copy of the peek
// (receive with a visibility timeout, then hand back) could drift from the one that is tested.
export {
  assertStageName,
  connectToStage,
  type DeadLetterQueue,
  deadLetterQueues,
  DlqError,
  type DlqConnection,
  type PeekedMessage,
  peekDeadLetterQueue,
  QueueNotFoundError,
  readQueue,
} from '@conveyor/dlq';
