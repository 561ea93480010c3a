import { jsonResponse, makeHttpHandler, problemResponse } from '@conveyor/lambda-toolkit';
import { getContactDeps } from '../compositionRoot.ts';
import { isInAudience } from '../domain/audienceContact.ts';

const deps = getContactDeps();

// The event contract allows any 1–128 characters; checkout trims ids and refuses blank ones and
// control characters, so either here only comes from a bad URL.
const isCustomerId = (value: string): boolean =>
  value.trim().length >= 1 && value.length <= 128 && !/\p{Cc}/u.test(value);

/**
 * `GET /audience/contacts/{customerId}`: the contact's figures, with the email masked; for a
 * customer who unsubscribed, only when.
 */
export const handler = makeHttpHandler({
  logger: deps.logger,
  tracer: deps.tracer,
  handle: async (event) => {
    const customerId = event.pathParameters?.customerId ?? '';
    if (!isCustomerId(customerId)) {
      return problemResponse(400, {
        detail: 'customerId must be 1 to 128 characters, not blank, without control characters',
        errors: [
          { parameter: 'customerId', detail: `malformed customerId "${customerId.slice(0, 64)}"` },
        ],
      });
    }
    const contact = await deps.getContact(customerId);
    if (contact?.optOut !== undefined) {
      return jsonResponse(200, { customerId, unsubscribedAt: contact.optOut.at });
    }
    // A record that only remembers rejected orders is nobody in the audience.
    if (contact === undefined || !isInAudience(contact))
      return problemResponse(404, { detail: `No audience contact for customer ${customerId}` });
    return jsonResponse(200, {
      customerId: contact.customerId,
      email: contact.maskedEmail,
      segment: contact.segment,
      orderCount: contact.orderCount,
      ...(contact.firstOrderAt === undefined ? {} : { firstOrderAt: contact.firstOrderAt }),
      ...(contact.lastOrderAt === undefined ? {} : { lastOrderAt: contact.lastOrderAt }),
      lifetimeValue: Object.entries(contact.lifetimeValue)
        .toSorted(([a], [b]) => a.localeCompare(b))
        .map(([currency, amount]) => ({ currency, amount })),
      ...(contact.newsletter === undefined
        ? {}
        : { newsletter: { subscribedAt: contact.newsletter.subscribedAt } }),
    });
  },
});
