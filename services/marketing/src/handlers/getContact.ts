import { jsonResponse, makeHttpHandler, problemResponse } from '@conveyor/lambda-toolkit';
import { getContactDeps } from '../compositionRoot.ts';

const deps = getContactDeps();

// The event contract allows any 1–128 characters; control characters only come from a bad URL.
const isCustomerId = (value: string): boolean =>
  value.length >= 1 && value.length <= 128 && !/\p{Cc}/u.test(value);

/** `GET /audience/contacts/{customerId}`: the contact's figures, with the email masked. */
export const handler = makeHttpHandler({
  logger: deps.logger,
  handle: async (event) => {
    const customerId = event.pathParameters?.customerId ?? '';
    if (!isCustomerId(customerId)) {
      return problemResponse(400, {
        detail: 'customerId must be 1 to 128 characters without control characters',
        errors: [{ pointer: '', detail: `malformed customerId "${customerId.slice(0, 64)}"` }],
      });
    }
    const contact = await deps.getContact(customerId);
    if (contact === undefined)
      return problemResponse(404, { detail: `No audience contact for customer ${customerId}` });
    return jsonResponse(200, {
      customerId: contact.customerId,
      email: contact.maskedEmail,
      segment: contact.segment,
      orderCount: contact.orderCount,
      firstOrderAt: contact.firstOrderAt,
      lastOrderAt: contact.lastOrderAt,
      lifetimeValue: Object.entries(contact.lifetimeValue)
        .toSorted(([a], [b]) => a.localeCompare(b))
        .map(([currency, amount]) => ({ currency, amount })),
    });
  },
});
