import type { OrderTrace } from './traceOrder.ts';

/**
 * Whether a trace follows a customer rather than an order: it lists orders the customer placed,
 * a line names a customer by the traced id (an opt-out logs no event type, but names its
 * customer), or every event it saw is a `customer.*` one (a registration's events carry the
 * customer's id where an order's carry the order's).
 *
 * @example
 * ```ts
 * const heading = `${isCustomerTrace(trace) ? 'Customer' : 'Order'} ${trace.id}`;
 * ```
 */
export const isCustomerTrace = (trace: OrderTrace): boolean => {
  if ((trace.customerOrders ?? []).length > 0) return true;
  const namesCustomer = trace.steps.some((step) =>
    step.records.some((record) => {
      const customerId = record.fields['customerId'];
      return typeof customerId === 'string' && trace.orderIds.includes(customerId);
    }),
  );
  const eventTypes = trace.steps.flatMap((step) =>
    step.eventType === undefined ? [] : [step.eventType],
  );
  return (
    namesCustomer ||
    (eventTypes.length > 0 && eventTypes.every((type) => type.startsWith('customer.')))
  );
};
