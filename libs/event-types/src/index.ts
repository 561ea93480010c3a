import './zodMessages.ts';
export { buildEvent, type EventContext, type EventDraft } from './buildEvent.ts';
export {
  type ConveyorEvent,
  type EventData,
  type EventOf,
  type EventType,
  type EventVersion,
  EventTypes,
  eventCatalog,
  findEventSchema,
  listPublishedEvents,
} from './eventCatalog.ts';
export { exampleEventData } from './exampleEventData.ts';
export {
  type EventMetadata,
  eventMetadataSchema,
  type ServiceName,
  ServiceNames,
} from './envelope.ts';
export { type EventIssue, EventTypesError, EventValidationError } from './errors.ts';
export {
  addressSchema,
  aggregateIdSchema,
  currencySchema,
  customerSchema,
  minorUnitsSchema,
  orderLineSchema,
  skuSchema,
} from './events/common.ts';
export { type CustomerRegisteredV1, customerRegisteredV1 } from './events/customerRegisteredV1.ts';
export {
  type CustomerUnsubscribedV1,
  customerUnsubscribedV1,
} from './events/customerUnsubscribedV1.ts';
export {
  type InventoryReservationFailedV1,
  inventoryReservationFailedV1,
} from './events/inventoryReservationFailedV1.ts';
export { type InventoryReservedV1, inventoryReservedV1 } from './events/inventoryReservedV1.ts';
export { type OrderPlacedV1, orderPlacedV1 } from './events/orderPlacedV1.ts';
export { type ShipmentCreatedV1, shipmentCreatedV1 } from './events/shipmentCreatedV1.ts';
export { toLabelText, unprintableOnLabel } from './labelText.ts';
export { parseEvent, type ParseEventResult } from './parseEvent.ts';
export {
  type BreakingChange,
  findBreakingChanges,
  type JsonSchema,
  publishedJsonSchemas,
  toJsonSchema,
} from './schemaCompatibility.ts';
export {
  type ArchiveSettings,
  type ArchiveSpec,
  archiveRetentionDaysFor,
  assertHandlersCover,
  eventsDeliveredTo,
  type OperationsSpec,
  operationsTopicName,
  parseTopology,
  type QueueKey,
  queueName,
  type QueueSettings,
  queueSettingsFor,
  type QueueSettingsOverride,
  type QueueSpec,
  stageName,
  type SubscriptionSpec,
  type TopicKey,
  type TopicSpec,
  topicKeyFor,
  topicName,
  type Topology,
  topology,
} from './topology.ts';
export {
  DLQ_RETENTION_SECONDS,
  MAX_ARCHIVE_RETENTION_DAYS,
  QUEUE_RETENTION_SECONDS,
  REPLAY_WINDOW_SECONDS,
  SNS_DELIVERY_RETRY_SECONDS,
} from './replayWindowSeconds.ts';
export { topologySchema } from './topologySchema.ts';
