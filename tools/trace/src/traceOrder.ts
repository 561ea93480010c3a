import type { Topology } from '@conveyor/event-types';
import { buildTimeline, type TimelineStep } from './buildTimeline.ts';
import { type Diagnosis, diagnose, type Finding, waitsOnEmptyQueue } from './diagnose.ts';
import { TraceError } from './errors.ts';
import type { HeldSubscriptionReader, QueueInspector, QueueState } from './inspectQueues.ts';
import { type LogRecord, type LogSource, stringField } from './logRecord.ts';
import type { CustomerOrder } from './ordersOfCustomer.ts';
import { type OrderRecords, selectOrderRecords } from './selectOrderRecords.ts';

/** Options of {@link traceOrder}. */
export interface TraceOrderOptions {
  /** An order id or a correlation id. */
  readonly id: string;
  readonly source: LogSource;
  readonly topology: Topology;
  readonly stage: string;
  /** Reads the stage's queues; without it the trace rests on the logs alone. */
  readonly inspectQueues?: QueueInspector;
  /** Reads the subscriptions of an empty queue a consumer waits on; without it they are unread. */
  readonly readHeld?: HeldSubscriptionReader;
}

/** One order's trace: its timeline and where it stands. */
export interface OrderTrace {
  readonly id: string;
  readonly orderIds: readonly string[];
  readonly correlationIds: readonly string[];
  /** Where the log lines were read. */
  readonly source: string;
  readonly steps: readonly TimelineStep[];
  readonly diagnosis: Diagnosis;
  /** The queues' state, when they could be read. */
  readonly queues?: QueueState;
  /** Why the queues were not read, when they could not be. */
  readonly queuesUnread?: string;
  /** Given a customer's id: the orders it placed, earliest first, each traced by its own id. */
  readonly customerOrders?: readonly CustomerOrder[];
}

const byTime = (a: LogRecord, b: LogRecord): number => a.time.getTime() - b.time.getTime();

// Only a consumer waiting on an empty queue can be held back by its subscriptions: they are read
// for those queues, once each. Subscriptions that cannot be read (a role without SNS's read
// actions, say) leave the finding as it was: they are a hint, not the trace's subject.
const withHeldSubscriptions = async (
  diagnosis: Diagnosis,
  readHeld: HeldSubscriptionReader,
): Promise<Diagnosis> => {
  const names = new Set(
    diagnosis.findings.filter(waitsOnEmptyQueue).map((finding) => finding.queue.name),
  );
  const held = new Map(
    await Promise.all(
      [...names].map(async (name) => [name, await readHeld(name).catch(() => undefined)] as const),
    ),
  );
  const withHeld = (finding: Finding): Finding => {
    if (!waitsOnEmptyQueue(finding)) return finding;
    const found = held.get(finding.queue.name);
    return found === undefined ? finding : { ...finding, queue: { ...finding.queue, held: found } };
  };
  return { ...diagnosis, findings: diagnosis.findings.map(withHeld) };
};

/**
 * Traces one order from an order id or a correlation id: its log lines across every service
 * (`selectOrderRecords`), the stage's queues and the order's DLQ messages (with their failure
 * lines, found by message id: an invalid body's line names no order), the timeline and the
 * diagnosis. A queue inspection that fails (a stopped local cloud, no credentials) is reported,
 * not thrown: the logs still tell most of the story. A customer's id traces its registration
 * and opt-out, and lists the orders it placed (`customerOrders`), even when it never registered.
 *
 * @throws TraceError when neither the logs nor the DLQs know the id.
 */
export const traceOrder = async (options: TraceOrderOptions): Promise<OrderTrace> => {
  const { id, source, topology, stage } = options;
  const selected: OrderRecords = await selectOrderRecords(source, id);
  const ids =
    selected.orderIds.length + selected.correlationIds.length > 0
      ? { orderIds: selected.orderIds, correlationIds: selected.correlationIds }
      : { orderIds: [id], correlationIds: [id] };
  let queues: QueueState | undefined;
  let queuesUnread: string | undefined;
  if (options.inspectQueues === undefined) {
    queuesUnread = 'not asked for';
  } else {
    try {
      queues = await options.inspectQueues(ids);
    } catch (error) {
      queuesUnread = error instanceof Error ? error.message : String(error);
    }
  }
  let records = [...selected.records];
  const deadMessageIds = (queues?.deadLetters ?? []).map((each) => each.messageId);
  if (deadMessageIds.length > 0) {
    const extra = await source.find(deadMessageIds);
    for (const record of extra.records) {
      const messageId = stringField(record, 'messageId');
      if (messageId !== undefined && deadMessageIds.includes(messageId)) {
        // The order's own lines may name the message too: keep each line once.
        const duplicate = records.some(
          (each) =>
            each.service === record.service &&
            each.time.getTime() === record.time.getTime() &&
            stringField(each, 'message') === stringField(record, 'message') &&
            stringField(each, 'messageId') === messageId,
        );
        if (!duplicate) records.push(record);
      }
    }
    records = records.sort(byTime);
  }
  const { customerOrders } = selected;
  if (
    records.length === 0 &&
    (queues?.deadLetters.length ?? 0) === 0 &&
    customerOrders.length === 0
  ) {
    throw new TraceError(
      `No log line names "${id}" (as an order id, aggregateId, correlationId or the customerId of an order) in ${source.description}${queues === undefined ? '' : ', and no DLQ holds a message of it'}. A trace reads the functions' INFO lines: a run with AWS_LAMBDA_LOG_LEVEL=WARN or ERROR writes none.`,
    );
  }
  const steps = buildTimeline({
    records,
    invocations: selected.invocations,
    requests: selected.requests,
    topology,
  });
  // The logs' ids, and what the order's DLQ messages name: an invalid event's lines may name no
  // order, and a body that is not JSON no correlation id.
  const deadLetters = queues?.deadLetters ?? [];
  const known = (fromLogs: readonly string[], fromDlqs: readonly (string | undefined)[]) => [
    ...new Set([...fromLogs, ...fromDlqs.filter((each) => each !== undefined)]),
  ];
  const diagnosis = diagnose({
    steps,
    topology,
    stage,
    ...(queues === undefined ? {} : { queues }),
  });
  return {
    id,
    orderIds: known(
      selected.orderIds,
      deadLetters.map((each) => each.orderId),
    ),
    correlationIds: known(
      selected.correlationIds,
      deadLetters.map((each) => each.correlationId),
    ),
    source: source.description,
    steps,
    diagnosis:
      options.readHeld === undefined
        ? diagnosis
        : await withHeldSubscriptions(diagnosis, options.readHeld),
    ...(queues === undefined ? {} : { queues }),
    ...(queuesUnread === undefined ? {} : { queuesUnread }),
    ...(customerOrders.length === 0 ? {} : { customerOrders }),
  };
};
