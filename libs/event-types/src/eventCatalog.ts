import type * as z from 'zod/mini';
import { customerRegisteredV1 } from './events/customerRegisteredV1.ts';
import { customerUnsubscribedV1 } from './events/customerUnsubscribedV1.ts';
import { inventoryReservationFailedV1 } from './events/inventoryReservationFailedV1.ts';
import { inventoryReservedV1 } from './events/inventoryReservedV1.ts';
import { orderPlacedV1 } from './events/orderPlacedV1.ts';
import { shipmentCreatedV1 } from './events/shipmentCreatedV1.ts';

/** Every event type Conveyor publishes. */
export const EventTypes = {
  OrderPlaced: 'order.placed',
  InventoryReserved: 'inventory.reserved',
  InventoryReservationFailed: 'inventory.reservation-failed',
  ShipmentCreated: 'shipment.created',
  CustomerRegistered: 'customer.registered',
  CustomerUnsubscribed: 'customer.unsubscribed',
} as const;

/** An event type name. */
export type EventType = (typeof EventTypes)[keyof typeof EventTypes];

/**
 * Every published (eventType, version) and its schema. A new version goes beside the old one;
 * a published one is never removed while anything may still send it.
 */
export const eventCatalog = {
  'order.placed': { 1: orderPlacedV1 },
  'inventory.reserved': { 1: inventoryReservedV1 },
  'inventory.reservation-failed': { 1: inventoryReservationFailedV1 },
  'shipment.created': { 1: shipmentCreatedV1 },
  'customer.registered': { 1: customerRegisteredV1 },
  'customer.unsubscribed': { 1: customerUnsubscribedV1 },
} as const satisfies Record<EventType, Record<number, z.ZodMiniType>>;

type Catalog = typeof eventCatalog;

// Both distribute over a union of types: `keyof` of a union keeps only the keys every member has,
// so a second version of one event type dropped out of `EventOf<EventType>`, and the toolkit's
// dispatch stopped compiling. Generic in the catalogue so that a test can give them one with a
// second version.

/**
 * The versions a catalogue publishes of one event type, or of each type of a union. Use
 * {@link EventVersion}; this one takes the catalogue, for its own test.
 */
export type VersionIn<TCatalog, TType extends keyof TCatalog> = TType extends keyof TCatalog
  ? keyof TCatalog[TType] & number
  : never;

/**
 * The parsed events a catalogue describes for a type and version, distributed over a union of
 * types. Use {@link EventOf}; this one takes the catalogue, for its own test.
 */
export type EventIn<
  TCatalog,
  TType extends keyof TCatalog,
  TVersion extends VersionIn<TCatalog, TType>,
> = TType extends keyof TCatalog
  ? TCatalog[TType][TVersion & keyof TCatalog[TType]] extends infer TSchema extends z.ZodMiniType
    ? z.output<TSchema>
    : never
  : never;

/** The published versions of one event type (of each, for a union of types). */
export type EventVersion<TType extends EventType> = VersionIn<Catalog, TType>;

/**
 * The parsed event of one (eventType, version): of every published version when `TVersion` is
 * omitted, and of every type in a union of types.
 */
export type EventOf<
  TType extends EventType,
  TVersion extends EventVersion<TType> = EventVersion<TType>,
> = EventIn<Catalog, TType, TVersion>;

/** The `data` of one (eventType, version). */
export type EventData<TType extends EventType, TVersion extends EventVersion<TType>> =
  EventOf<TType, TVersion> extends { data: infer TData } ? TData : never;

/** Any Conveyor event, discriminated on `eventType` and `version`. */
export type ConveyorEvent = { [TType in EventType]: EventOf<TType> }[EventType];

/** Looks up the schema of one (eventType, version), or `undefined` when it is not published. */
export const findEventSchema = (eventType: string, version: unknown): z.ZodMiniType | undefined => {
  if (!Object.hasOwn(eventCatalog, eventType)) return undefined;
  const versions: Readonly<Record<number, z.ZodMiniType>> = eventCatalog[eventType as EventType];
  if (typeof version !== 'number' || !Object.hasOwn(versions, version)) return undefined;
  return versions[version];
};

/** Lists every published (eventType, version) pair. */
export const listPublishedEvents = (): {
  eventType: EventType;
  version: number;
  schema: z.ZodMiniType;
}[] =>
  Object.entries(eventCatalog).flatMap(([eventType, versions]) =>
    Object.entries(versions as Record<string, z.ZodMiniType>).map(([version, schema]) => ({
      eventType: eventType as EventType,
      version: Number(version),
      schema,
    })),
  );
