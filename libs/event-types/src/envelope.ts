import * as z from 'zod/mini';
import { aggregateIdSchema } from './events/common.ts';

/** Names of the services that may appear as an event's `source`. */
export const ServiceNames = {
  Checkout: 'checkout',
  Inventory: 'inventory',
  Shipping: 'shipping',
  Email: 'email',
  Marketing: 'marketing',
  Analytics: 'analytics',
} as const;

/** A service name, as found in an event's `source`. */
export type ServiceName = (typeof ServiceNames)[keyof typeof ServiceNames];

/** Tracing ids carried by every event. */
export const eventMetadataSchema = z.object({
  /** Id shared by every event that descends from one original request; never changes downstream. */
  correlationId: z.string().check(z.minLength(1), z.maxLength(128)),
  /** `eventId` of the event whose handling produced this one; absent on events caused by a request. */
  causationId: z.optional(z.string().check(z.minLength(1), z.maxLength(128))),
  /** Id of the user on whose behalf the original request was made, when known. */
  userId: z.optional(z.string().check(z.minLength(1), z.maxLength(128))),
  /**
   * X-Ray trace id (`Root`) of the Lambda invocation that published this event, when it ran in
   * Lambda; find the producing trace by it. Absent locally. Never carried over downstream:
   * each hop's own trace is linked to its producer's through this field.
   */
  traceId: z.optional(z.string().check(z.minLength(1), z.maxLength(128))),
});

/** Tracing ids carried by every event. */
export type EventMetadata = z.output<typeof eventMetadataSchema>;

/**
 * Builds the strict envelope schema of one (eventType, version) around its `data` schema.
 * Unknown top-level keys are rejected; `data` objects stay open so that optional fields can be
 * added without breaking consumers.
 */
export const defineEvent = <
  const TType extends string,
  const TVersion extends number,
  const TSource extends ServiceName,
  TData extends z.ZodMiniType,
>(spec: {
  eventType: TType;
  version: TVersion;
  source: TSource;
  data: TData;
}) =>
  z.strictObject({
    /** Version of this event type's schema; a published version never changes incompatibly. */
    version: z.literal(spec.version),
    /** Unique id of this event; consumers deduplicate on it. */
    eventId: z.uuid(),
    /** Past-tense `noun.verb-ed` name of the business fact. */
    eventType: z.literal(spec.eventType),
    /** The producing service. */
    source: z.literal(spec.source),
    /** Id of the aggregate the fact is about (the order id); also the FIFO message group. */
    aggregateId: aggregateIdSchema,
    /** When the fact happened, ISO-8601 with an offset. */
    occurredAt: z.iso.datetime({ offset: true }),
    /** Tracing ids. */
    metadata: eventMetadataSchema,
    /** The fact's payload: everything its consumers need, so that none has to call back. */
    data: spec.data,
  });
