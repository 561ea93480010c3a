import {
  type InvocationReport,
  type LogRecord,
  type LogSource,
  type RequestLine,
  stringField,
} from './logRecord.ts';
import { type CustomerOrder, ordersOfCustomer } from './ordersOfCustomer.ts';

/** The ids that tie an order's log lines together. */
export interface OrderIds {
  /** Order ids: the events' `aggregateId`, the handlers' `orderId`. */
  readonly orderIds: readonly string[];
  /** Correlation ids of the order's requests and events. */
  readonly correlationIds: readonly string[];
}

/** An order's log lines, and the ids they were found by. */
export interface OrderRecords extends OrderIds {
  readonly records: readonly LogRecord[];
  readonly invocations: readonly InvocationReport[];
  readonly requests: readonly RequestLine[];
  /** When the id given is a customer's: the orders it placed, listed, not followed. */
  readonly customerOrders: readonly CustomerOrder[];
}

// Bounded: each round can only add ids the previous round's lines named.
const maxRounds = 4;

/** The order ids a line names: `aggregateId`, `orderId`, and each of `orderIds`. */
export const orderIdsOf = (record: LogRecord): string[] => {
  const ids = [stringField(record, 'aggregateId'), stringField(record, 'orderId')].filter(
    (id): id is string => id !== undefined,
  );
  const many = record.fields['orderIds'];
  if (Array.isArray(many)) {
    for (const id of many) if (typeof id === 'string') ids.push(id);
  }
  return [...new Set(ids)];
};

// Every HTTP request logs its correlation id, and a client may send one id with every request
// (a session's): traced by an order, a request's line that names no order belongs only when it
// published an event of the flow or failed, which may have stored the order all the same (a 503
// after its put landed).
const requestLineOfAnother = (record: LogRecord): boolean =>
  stringField(record, 'route') !== undefined &&
  stringField(record, 'eventId') === undefined &&
  !(stringField(record, 'message') ?? '').startsWith('Request failed');

const belongs = (record: LogRecord, ids: OrderIds, givenIsOrder: boolean): boolean => {
  const orders = orderIdsOf(record);
  if (orders.some((id) => ids.orderIds.includes(id))) return true;
  const correlationId = stringField(record, 'correlationId');
  // A correlation id names a request; a line of another order under it is that order's.
  return (
    correlationId !== undefined &&
    ids.correlationIds.includes(correlationId) &&
    orders.length === 0 &&
    !(givenIsOrder && requestLineOfAnother(record))
  );
};

const mentions = (record: LogRecord, id: string): boolean =>
  orderIdsOf(record).includes(id) || stringField(record, 'correlationId') === id;

const byTime = (a: LogRecord, b: LogRecord): number => a.time.getTime() - b.time.getTime();

/**
 * Finds every log line of one order from one id, an order id or a correlation id: first the
 * lines naming it, then, from their `aggregateId`/`orderId` and `correlationId`, every line of
 * the order (a correlation id may span several orders: all of them are followed). A line of
 * another order that shares a correlation id with this one is left out when the id given is
 * an order id, and so is an HTTP request's line that names no order or event and did not fail
 * (a client may send one correlation id with all its requests). Given a customer's id, it lists the orders placed under it (`customerOrders`)
 * without following them.
 *
 * @example
 * ```ts
 * const { records, orderIds, correlationIds } = await selectOrderRecords(source, 'ord-1');
 * ```
 */
export const selectOrderRecords = async (source: LogSource, id: string): Promise<OrderRecords> => {
  const first = await source.find([id]);
  const named = first.records.filter((record) => mentions(record, id));
  // An id some line names as its order is an order's, whatever else a line says of it.
  const namesAnOrder = first.records.some((record) => stringField(record, 'orderId') === id);
  const customerOrders = namesAnOrder ? [] : ordersOfCustomer(first.records, id);
  const orderIds = new Set<string>();
  const correlationIds = new Set<string>();
  const learn = (records: readonly LogRecord[]): void => {
    for (const record of records) {
      const correlationId = stringField(record, 'correlationId');
      if (correlationId === undefined) continue;
      correlationIds.add(correlationId);
      for (const order of orderIdsOf(record)) orderIds.add(order);
    }
  };
  const givenIsOrder = named.some((record) => orderIdsOf(record).includes(id));
  if (givenIsOrder) {
    // Only this order's lines teach more ids: a shared correlation id must not pull others in.
    orderIds.add(id);
    learn(named.filter((record) => orderIdsOf(record).includes(id)));
    for (const order of [...orderIds]) if (order !== id) orderIds.delete(order);
  } else {
    learn(named);
  }
  let findings = first;
  let known = -1;
  for (let round = 0; round < maxRounds && orderIds.size + correlationIds.size !== known; round++) {
    known = orderIds.size + correlationIds.size;
    findings = await source.find([...orderIds, ...correlationIds]);
    const ids = { orderIds: [...orderIds], correlationIds: [...correlationIds] };
    const records = findings.records.filter((record) => belongs(record, ids, givenIsOrder));
    for (const record of records) {
      const correlationId = stringField(record, 'correlationId');
      if (correlationId !== undefined) correlationIds.add(correlationId);
      // A given correlation id follows every order of its lines; a given order id stays one
      // order, and a line of many orders (a batch's) names no order of the correlation.
      if (!givenIsOrder && correlationId !== undefined) {
        for (const order of orderIdsOf(record)) orderIds.add(order);
      }
    }
  }
  const ids = { orderIds: [...orderIds], correlationIds: [...correlationIds] };
  return {
    ...ids,
    records: findings.records.filter((record) => belongs(record, ids, givenIsOrder)).sort(byTime),
    invocations: findings.invocations,
    requests: findings.requests,
    customerOrders,
  };
};
