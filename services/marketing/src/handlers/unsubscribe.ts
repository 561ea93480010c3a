import { makeHttpHandler } from '@conveyor/lambda-toolkit';
import { unsubscribedPage } from '../adapters/unsubscribedPage.ts';
import { unsubscribeDeps } from '../compositionRoot.ts';
import { customerIdFromUnsubscribeToken } from '../domain/customerIdFromUnsubscribeToken.ts';
import { unsubscribeCustomer } from '../domain/unsubscribeCustomer.ts';

const deps = unsubscribeDeps();

/**
 * `GET /audience/unsubscribe?token=`: the link in every mail marketing consent allows. Public
 * (the token is the credential): it records the opt-out, emits `customer.unsubscribed` and
 * answers a small page; a token that does not open answers a 400 problem. Clicking again
 * answers the same page and emits nothing new.
 */
export const handler = makeHttpHandler({
  logger: deps.logger,
  handle: async (event, { logger }) => {
    // Never logged: the token stands for the customer.
    const customerId = customerIdFromUnsubscribeToken(
      event.queryStringParameters?.['token'],
      deps.tokenSecret,
    );
    const result = await unsubscribeCustomer(
      customerId,
      { correlationId: event.requestContext.requestId },
      deps.unsubscribeDeps,
    );
    logger.info('Customer unsubscribed', { ...result });
    return unsubscribedPage();
  },
});
