import { jsonResponse, makeHttpHandler, problemResponse } from '@conveyor/lambda-toolkit';
import * as z from 'zod/mini';
import { getContactDeps } from '../compositionRoot.ts';
import { isInAudience } from '../domain/audienceContact.ts';

const deps = getContactDeps();

// A customer id is an aggregate id in the contract (`aggregateIdSchema`: the FIFO group of the
// customer's events), so one outside that rule was never stored: it only comes from a bad URL.
// The rule is repeated rather than imported: the contract's module brings the topology with it,
// about 5 kB (zipped) this read route's bundle otherwise does without.
const isCustomerId = (value: string): boolean => /^[!-~]{1,128}$/.test(value);
// Checkout refuses an email address as a customer id (it would be logged and in URLs), so one
// here was never stored: most likely a client looking a customer up by email.
const anEmailAddress = z.email();
const isEmailAddress = (value: string): boolean =>
  z.safeParse(anEmailAddress, value.toLowerCase()).success;

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
        detail: 'customerId must be 1 to 128 letters, digits or ASCII punctuation, with no spaces',
        errors: [
          { parameter: 'customerId', detail: `malformed customerId "${customerId.slice(0, 64)}"` },
        ],
      });
    }
    if (isEmailAddress(customerId)) {
      const detail =
        'customerId must not be an email address: customer ids never are (checkout refuses them); look the customer up by their id';
      return problemResponse(400, { detail, errors: [{ parameter: 'customerId', detail }] });
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
