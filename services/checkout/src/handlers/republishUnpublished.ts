import { republishUnpublishedDeps } from '../compositionRoot.ts';
import { republishUnpublishedOrders } from '../domain/republishUnpublishedOrders.ts';

const deps = republishUnpublishedDeps();

/** Scheduled: sends `order.placed` for every order whose first publish failed. */
export const handler = async (): Promise<{ republished: string[]; failed: string[] }> => {
  const result = await republishUnpublishedOrders(deps);
  if (result.republished.length > 0 || result.failed.length > 0) {
    deps.logger.info('Republished unpublished orders', {
      republished: result.republished.length,
      failed: result.failed.length,
      orderIds: [...result.republished, ...result.failed],
    });
  }
  return result;
};
