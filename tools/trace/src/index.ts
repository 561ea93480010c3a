export {
  buildTimeline,
  consumerFunction,
  publishedIdsOf,
  type StepInvocation,
  type StepOutcome,
  StepOutcomes,
  type TimelineInput,
  type TimelineStep,
} from './buildTimeline.ts';
export {
  type DiagnoseInput,
  type Diagnosis,
  diagnose,
  type Finding,
  type Verdict,
  Verdicts,
} from './diagnose.ts';
export { type ExitCode, ExitCodes, TraceError, UsageError } from './errors.ts';
export { formatTrace, traceToJson } from './formatTrace.ts';
export {
  buildInsightsQuery,
  idPattern,
  idPatternDescription,
  InsightsLogSource,
  type InsightsLogSourceOptions,
  logGroupPrefix,
  type LogsClient,
  recordFromRow,
  servicesOf,
} from './insightsLogSource.ts';
export {
  belongsToOrder,
  defaultPeekMax,
  inspectQueues,
  type OrderDeadLetter,
  type QueueInspector,
  type QueueReading,
  type QueueState,
} from './inspectQueues.ts';
export { isCustomerTrace } from './isCustomerTrace.ts';
export { LocalLogSource } from './localLogSource.ts';
export type {
  InvocationReport,
  LogFindings,
  LogRecord,
  LogSource,
  RequestLine,
} from './logRecord.ts';
export { type CustomerOrder, ordersOfCustomer } from './ordersOfCustomer.ts';
export {
  parseSince,
  parseTraceArguments,
  type TraceArguments,
  traceUsage,
} from './parseTraceArguments.ts';
export { defaultLogsDir, runTraceCli, type TraceCliIo } from './runTraceCli.ts';
export {
  type OrderIds,
  type OrderRecords,
  orderIdsOf,
  selectOrderRecords,
} from './selectOrderRecords.ts';
export { type OrderTrace, traceOrder, type TraceOrderOptions } from './traceOrder.ts';
