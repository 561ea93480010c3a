import { traceInvocation } from '@conveyor/lambda-toolkit';
import { republishUnpublishedDeps } from '../compositionRoot.ts';
import { republishUnpublishedCustomers } from '../domain/republishUnpublishedCustomers.ts';
import { republishUnpublishedOrders } from '../domain/republishUnpublishedOrders.ts';

const deps = republishUnpublishedDeps();

/** What one run republished, and what stays marked for the next run, by id. */
interface Outcome {
  readonly republished: string[];
  readonly failed: string[];
}

const report = (kind: 'orders' | 'customers', outcome: Outcome): void => {
  if (outcome.republished.length === 0 && outcome.failed.length === 0) return;
  deps.logger.info(`Republished unpublished ${kind}`, {
    republished: outcome.republished.length,
    failed: outcome.failed.length,
    [kind === 'orders' ? 'orderIds' : 'customerIds']: [...outcome.republished, ...outcome.failed],
  });
};

/**
 * Scheduled: sends `order.placed` for every order, and `customer.registered` for every customer,
 * whose first publish failed. Each outbox runs even if the other cannot be read; that failure
 * then fails the run, so it shows in the function's errors.
 */
export const handler = (): Promise<{ orders: Outcome; customers: Outcome }> =>
  traceInvocation(deps.tracer, 'republishUnpublished', async () => {
    const [orders, customers] = await Promise.allSettled([
      republishUnpublishedOrders({}, deps),
      republishUnpublishedCustomers({}, deps),
    ]);
    if (orders.status === 'fulfilled') report('orders', orders.value);
    if (customers.status === 'fulfilled') report('customers', customers.value);
    if (orders.status === 'fulfilled' && customers.status === 'fulfilled') {
      return { orders: orders.value, customers: customers.value };
    }
    const failures = [orders, customers].flatMap((settled) =>
      settled.status === 'rejected' ? [settled.reason as unknown] : [],
    );
    for (const error of failures) {
      deps.logger.error('Listing an outbox failed; its events wait for the next run', {
        error: error as Error,
      });
    }
    throw new AggregateError(failures, 'Republishing could not read every outbox');
  });
