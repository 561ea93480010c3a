import AsyncLock from 'async-lock';
import type { WithContactLock } from '../domain/updateContact.ts';

/**
 * One turn per customer id in this instance, in arrival order. A batch holds at most 50 records
 * (the queue's batch size), far below the library's 1,000 waiting per key, so no turn is refused.
 */
export const makeContactLock = (): WithContactLock => {
  const lock = new AsyncLock();
  return (customerId, work) => lock.acquire(customerId, work);
};
