import type { AwsPrices } from './awsPrices.ts';
import {
  CallKind,
  callsByKind,
  callsByOperation,
  recordsPerInvocation,
  type UsageWindow,
} from './callUsage.ts';
import {
  billableUnitsOf,
  billableUnitsOfMinimum,
  type CostLine,
  priceUnits,
  type SystemFacts,
  totalOf,
} from './costPerMillion.ts';
import { type BatchedMinimum, type FlowMinimum, minimumWithBatches } from './flowMinimum.ts';

/** A step's calls, invocations and cost per order, beside the minimum. */
export interface StepAccount {
  readonly orders: number;
  readonly callsPerOrder: Readonly<Record<CallKind, number>>;
  readonly allCallsPerOrder: number;
  readonly emptyReceivesPerOrder: number;
  readonly byOperationPerOrder: readonly {
    service: string;
    operation: string;
    perOrder: number;
  }[];
  readonly invocationsPerOrder: number | undefined;
  readonly invocationsByFunctionPerOrder: Readonly<Record<string, number>> | undefined;
  /** Records per invocation each consumer achieved in this step. */
  readonly recordsPerBatch: Readonly<Record<string, number>>;
  /** The minimum at this step's batching, at one record per batch, and with full batches. */
  readonly minimum: {
    readonly observedBatching: BatchedMinimum;
    readonly oneRecordPerBatch: BatchedMinimum;
    readonly fullBatches: BatchedMinimum;
  };
  readonly cost: {
    readonly measured: readonly CostLine[];
    readonly atMinimum: readonly CostLine[];
    readonly atMinimumFullBatches: readonly CostLine[];
    readonly totals: { measured: number; atMinimum: number; atMinimumFullBatches: number };
  };
}

/**
 * Accounts for one step: `window` holds only the functions' calls and invocations of the flow
 * (the bench's own status reads taken out), over `orders` accepted orders, with `httpRequests`
 * POSTs to checkout.
 */
export const accountStep = (
  window: UsageWindow,
  orders: number,
  httpRequests: number,
  minimum: FlowMinimum,
  facts: SystemFacts,
  prices: AwsPrices,
): StepAccount => {
  const perOrder = (value: number): number => (orders === 0 ? 0 : value / orders);
  const kinds = callsByKind(window);
  const callsPerOrder = Object.fromEntries(
    Object.entries(kinds).map(([kind, calls]) => [kind, perOrder(calls)]),
  ) as Record<CallKind, number>;
  const operations = callsByOperation(window);
  const invocations = window.invocations?.reduce((sum, totals) => sum + totals.invocations, 0);
  const recordsPerBatch: Record<string, number> = {};
  for (const delivery of minimum.deliveries) {
    const records = recordsPerInvocation(window, delivery.consumer, facts.namePrefix);
    if (records !== undefined) recordsPerBatch[delivery.consumer] = records;
  }
  const observedBatching = minimumWithBatches(
    minimum,
    (delivery) => recordsPerBatch[delivery.consumer] ?? 1,
  );
  const oneRecordPerBatch = minimumWithBatches(minimum, () => 1);
  const fullBatches = minimumWithBatches(minimum, (delivery) => delivery.batchSize);
  const deliveries = minimum.deliveries.reduce((sum, delivery) => sum + delivery.perOrder, 0);
  const units = billableUnitsOf(window, orders, httpRequests, deliveries, facts);
  const measured = priceUnits(units, prices);
  const atMinimum = priceUnits(billableUnitsOfMinimum(minimum, observedBatching, units), prices);
  const atMinimumFullBatches = priceUnits(
    billableUnitsOfMinimum(minimum, fullBatches, units),
    prices,
  );
  return {
    orders,
    callsPerOrder,
    allCallsPerOrder: perOrder(Object.values(kinds).reduce((sum, calls) => sum + calls, 0)),
    emptyReceivesPerOrder: perOrder(
      operations.reduce((sum, operation) => sum + operation.emptyReceives, 0),
    ),
    byOperationPerOrder: operations.map(({ service, operation, calls }) => ({
      service,
      operation,
      perOrder: perOrder(calls),
    })),
    invocationsPerOrder: invocations === undefined ? undefined : perOrder(invocations),
    invocationsByFunctionPerOrder:
      window.invocations === undefined
        ? undefined
        : Object.fromEntries(
            window.invocations.map((totals) => [
              `${totals.service}.${totals.functionKey}`,
              perOrder(totals.invocations),
            ]),
          ),
    recordsPerBatch,
    minimum: { observedBatching, oneRecordPerBatch, fullBatches },
    cost: {
      measured,
      atMinimum,
      atMinimumFullBatches,
      totals: {
        measured: totalOf(measured),
        atMinimum: totalOf(atMinimum),
        atMinimumFullBatches: totalOf(atMinimumFullBatches),
      },
    },
  };
};

/** The minimum calls per order of each kind, at a batching (what the flow needs of it). */
export const minimumCallsByKind = (
  minimum: FlowMinimum,
  batched: BatchedMinimum,
): Partial<Record<CallKind, number>> => ({
  [CallKind.snsPublish]: minimum.snsPublishes,
  [CallKind.snsOther]: 0,
  [CallKind.sqsReceive]: batched.sqsReceives,
  [CallKind.sqsDelete]: batched.sqsDeletes,
  [CallKind.sqsOther]: 0,
  [CallKind.dynamodbWrite]: minimum.dynamodbWrites,
  [CallKind.dynamodbRead]: minimum.dynamodbReads,
  [CallKind.dynamodbOther]: 0,
  [CallKind.s3Write]: minimum.s3Writes,
  [CallKind.s3Read]: 0,
  [CallKind.sesSend]: minimum.sesSends,
  [CallKind.other]: 0,
});
