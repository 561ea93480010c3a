import { traceInvocation } from '@conveyor/lambda-toolkit';
import { republishUnsubscribedDeps } from '../compositionRoot.ts';
import { republishPendingOptOuts } from '../domain/republishPendingOptOuts.ts';

const deps = republishUnsubscribedDeps();

/** Scheduled: sends `customer.unsubscribed` for every opt-out whose publish did not complete. */
export const handler = (): Promise<{ republished: string[]; failed: string[] }> =>
  traceInvocation(deps.tracer, 'republishUnsubscribed', async () => {
    const result = await republishPendingOptOuts({}, deps.republishDeps);
    if (result.republished.length > 0 || result.failed.length > 0) {
      deps.logger.info('Republished pending opt-outs', {
        republished: result.republished.length,
        failed: result.failed.length,
        customerIds: [...result.republished, ...result.failed],
      });
    }
    return result;
  });
