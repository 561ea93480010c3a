import './sourceMappedStackTraces.ts';
import './zodMessages.ts';
export {
  DomainError,
  type DomainErrorOptions,
  InvalidEventError,
  InvalidSealedTokenError,
  PermanentError,
  SealedTokenSecretError,
  ToolkitError,
  TransientError,
  UnhandledEventTypeError,
} from './errors.ts';
export type { HandlerContext } from './handlerContext.ts';
export {
  type EventIdempotency,
  type EventIdempotencyOptions,
  idempotencyTableOf,
  makeEventIdempotency,
} from './eventIdempotency.ts';
export { createLogger, type MaskableAddress, maskAddress, maskEmail } from './logger.ts';
export {
  type EventHandler,
  type EventHandlers,
  makeSqsEventHandler,
  type RecordContext,
  type SqsEventHandlerOptions,
} from './makeSqsEventHandler.ts';
export {
  type EmitEvent,
  makeEmitEvent,
  makePublishEvent,
  type PublishEvent,
  toPublishInput,
} from './publishEvent.ts';
export {
  type HttpResponse,
  type JsonRequestOptions,
  type JsonRequestResult,
  jsonResponse,
  parseJsonRequest,
  type ProblemDetails,
  type ProblemEntry,
  problemResponse,
  toJsonPointer,
  toProblemEntries,
} from './http.ts';
export {
  type HttpHandlerOptions,
  type HttpRequestHandler,
  makeHttpHandler,
  problemForError,
  type RequestContext,
} from './makeHttpHandler.ts';
export { type IdempotencyKeyHeader, idempotencyKeyOf } from './idempotencyKeyOf.ts';
export { requestCorrelationId } from './requestCorrelationId.ts';
export { createTracer, type Tracer, traceInvocation } from './tracer.ts';
export { openSealedToken, type SealedTokenOptions, sealToken } from './sealedToken.ts';
