import { randomUUID } from 'node:crypto';
import {
  type EventData,
  type EventOf,
  type EventType,
  type EventVersion,
  findEventSchema,
} from './eventCatalog.ts';
import { EventTypesError } from './errors.ts';
import { parseEvent } from './parseEvent.ts';

/** What a new event is: its type, version, aggregate and payload. */
export interface EventDraft<TType extends EventType, TVersion extends EventVersion<TType>> {
  /** The event type to build. */
  readonly eventType: TType;
  /** The schema version to build. */
  readonly version: TVersion;
  /** Id of the aggregate (the order id). */
  readonly aggregateId: string;
  /** The payload, validated against the (eventType, version) schema. */
  readonly data: EventData<TType, TVersion>;
}

/** Where a new event comes from: the event being handled, or a fresh request. */
export interface EventContext {
  /** The event whose handling produces this one: its correlation id carries over, its id becomes the causation id. */
  readonly causedBy?: {
    readonly eventId: string;
    readonly metadata: { readonly correlationId: string; readonly userId?: string | undefined };
  };
  /** Correlation id of the request that starts a flow, when there is no `causedBy`. */
  readonly correlationId?: string;
  /** The acting user, when known and not inherited from `causedBy`. */
  readonly userId?: string;
  /** Clock, for tests. */
  readonly now?: () => Date;
  /** Id generator, for tests. */
  readonly newId?: () => string;
}

const sourceOf = (eventType: EventType): string => {
  const schema = findEventSchema(eventType, 1);
  type LiteralShape = { shape?: { source?: { def?: { values?: readonly unknown[] } } } };
  const shape = (schema as unknown as LiteralShape | undefined)?.shape;
  const source = shape?.source?.def?.values?.[0];
  if (typeof source !== 'string')
    throw new EventTypesError(`No source is declared for ${eventType}`);
  return source;
};

/**
 * Builds a complete, validated event envelope around a payload: a fresh `eventId`, `occurredAt`
 * now, the producing `source`, and tracing ids carried over from the event being handled.
 *
 * @throws EventValidationError when the payload does not match the schema (a programming error).
 *
 * @example
 * ```ts
 * const reserved = buildEvent(
 *   { eventType: 'inventory.reserved', version: 1, aggregateId: placed.aggregateId, data },
 *   { causedBy: placed },
 * );
 * // reserved.metadata.correlationId === placed.metadata.correlationId
 * // reserved.metadata.causationId === placed.eventId
 * ```
 */
export const buildEvent = <TType extends EventType, TVersion extends EventVersion<TType>>(
  draft: EventDraft<TType, TVersion>,
  context: EventContext = {},
): EventOf<TType, TVersion> => {
  const newId = context.newId ?? randomUUID;
  const { causedBy } = context;
  const userId = causedBy?.metadata.userId ?? context.userId;
  const candidate = {
    version: draft.version,
    eventId: newId(),
    eventType: draft.eventType,
    source: sourceOf(draft.eventType),
    aggregateId: draft.aggregateId,
    occurredAt: (context.now?.() ?? new Date()).toISOString(),
    metadata: {
      correlationId: causedBy?.metadata.correlationId ?? context.correlationId ?? newId(),
      ...(causedBy === undefined ? {} : { causationId: causedBy.eventId }),
      ...(userId === undefined ? {} : { userId }),
    },
    data: draft.data,
  };
  const result = parseEvent(candidate);
  if (!result.success) throw result.error;
  return result.event as EventOf<TType, TVersion>;
};
