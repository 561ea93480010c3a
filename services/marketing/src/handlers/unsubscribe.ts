import {
  InvalidSealedTokenError,
  makeHttpHandler,
  problemResponse,
} from '@conveyor/lambda-toolkit';
import { assertOneClickUnsubscribeRequest } from '../adapters/assertOneClickUnsubscribeRequest.ts';
import { oneClickUnsubscribed, unsubscribedPage } from '../adapters/unsubscribedPage.ts';
import { unsubscribeDeps } from '../compositionRoot.ts';
import { customerIdFromUnsubscribeToken } from '../domain/customerIdFromUnsubscribeToken.ts';
import { unsubscribeCustomer } from '../domain/unsubscribeCustomer.ts';

const deps = unsubscribeDeps();

/**
 * `GET /audience/unsubscribe?token=`: the link in every mail marketing consent allows. Public
 * (the token is the credential): it records the opt-out, emits `customer.unsubscribed` and
 * answers a small page; a token that does not open answers a 400 problem naming the `token`
 * parameter. Clicking again answers the same page and emits nothing new.
 *
 * `POST` to the same URL is RFC 8058's one-click unsubscribe, which a mail client sends from
 * the `List-Unsubscribe-Post` header: the same opt-out, answered with a line of text. Its body
 * must be the form `List-Unsubscribe=One-Click` (400 otherwise, before the token is opened).
 */
export const handler = makeHttpHandler({
  logger: deps.logger,
  tracer: deps.tracer,
  handle: async (event, { logger, correlationId }) => {
    const oneClick = event.requestContext.http.method === 'POST';
    if (oneClick) await assertOneClickUnsubscribeRequest(event);
    let customerId: string;
    try {
      // Never logged: the token stands for the customer.
      customerId = customerIdFromUnsubscribeToken(
        event.queryStringParameters?.['token'],
        deps.tokenSecret,
      );
    } catch (error) {
      if (!(error instanceof InvalidSealedTokenError)) throw error;
      return problemResponse(400, {
        detail: error.message,
        errors: [{ parameter: 'token', detail: error.message }],
      });
    }
    const result = await unsubscribeCustomer({ customerId, correlationId }, deps.unsubscribeDeps);
    // Keyed as its event is (aggregateId, correlationId), so a trace by the customer's id finds
    // the opt-out, which no consumer logs: nothing subscribes to customer.unsubscribed yet.
    logger.info('Customer unsubscribed', { ...result, aggregateId: result.customerId });
    return oneClick ? oneClickUnsubscribed() : unsubscribedPage();
  },
});
