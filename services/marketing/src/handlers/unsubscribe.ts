import {
  InvalidSealedTokenError,
  makeHttpHandler,
  problemResponse,
} from '@conveyor/lambda-toolkit';
import { assertOneClickUnsubscribeRequest } from '../adapters/assertOneClickUnsubscribeRequest.ts';
import {
  confirmUnsubscribePage,
  oneClickUnsubscribed,
  unsubscribedPage,
} from '../adapters/unsubscribedPage.ts';
import { unsubscribeDeps } from '../compositionRoot.ts';
import { customerIdFromUnsubscribeToken } from '../domain/customerIdFromUnsubscribeToken.ts';
import { unsubscribeCustomer } from '../domain/unsubscribeCustomer.ts';

const deps = unsubscribeDeps();

// A browser shows what it asked for; a mail client's one-click gets the line of text it shows.
const wantsPage = (accept: string | undefined): boolean =>
  accept?.toLowerCase().includes('text/html') === true;

/**
 * `GET /audience/unsubscribe?token=`: the link in every mail marketing consent allows. Public
 * (the token is the credential): it answers a small page that asks, and changes nothing, since
 * mail scanners and prefetchers follow every link of a mail. A token that does not open answers
 * a 400 problem naming the `token` parameter.
 *
 * `POST` to the same URL unsubscribes: the page's button, and RFC 8058's one-click, which a mail
 * client sends from the `List-Unsubscribe-Post` header. Both post the form
 * `List-Unsubscribe=One-Click` (400 otherwise, before the token is opened). It records the
 * opt-out and emits `customer.unsubscribed`, answered with a page to a browser and a line of
 * text to anything else; again, the same answer and nothing new emitted.
 */
export const handler = makeHttpHandler({
  logger: deps.logger,
  tracer: deps.tracer,
  handle: async (event, { logger, correlationId }) => {
    const confirmed = event.requestContext.http.method === 'POST';
    if (confirmed) await assertOneClickUnsubscribeRequest(event);
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
    if (!confirmed) return confirmUnsubscribePage();
    const result = await unsubscribeCustomer({ customerId, correlationId }, deps.unsubscribeDeps);
    // Keyed as its event is (aggregateId, correlationId), so a trace by the customer's id finds
    // the opt-out, which no consumer logs: nothing subscribes to customer.unsubscribed yet.
    logger.info('Customer unsubscribed', { ...result, aggregateId: result.customerId });
    return wantsPage(event.headers['accept']) ? unsubscribedPage() : oneClickUnsubscribed();
  },
});
