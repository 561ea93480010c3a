import { jsonResponse, makeHttpHandler, problemResponse } from '@conveyor/lambda-toolkit';
import { getSentEmailDeps } from '../compositionRoot.ts';

const deps = getSentEmailDeps();
const EVENT_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** `GET /emails/{eventId}`: what was mailed for an event. The recipient is masked. */
export const handler = makeHttpHandler({
  logger: deps.logger,
  tracer: deps.tracer,
  handle: async (event) => {
    const eventId = event.pathParameters?.eventId ?? '';
    if (!EVENT_ID.test(eventId)) {
      return problemResponse(400, {
        detail: 'eventId must be a lower-case UUID, as in the event envelope',
        errors: [{ parameter: 'eventId', detail: `malformed eventId "${eventId.slice(0, 64)}"` }],
      });
    }
    const record = await deps.getSentEmail(eventId);
    if (record === undefined)
      return problemResponse(404, { detail: `No mail for event ${eventId}` });
    return jsonResponse(200, {
      eventId: record.eventId,
      eventType: record.eventType,
      ...(record.orderId === undefined ? {} : { orderId: record.orderId }),
      ...(record.customerId === undefined ? {} : { customerId: record.customerId }),
      template: record.template,
      recipient: record.recipient,
      status: record.status,
      attempts: record.attempts,
      claimedAt: record.claimedAt,
      ...(record.leaseUntil === undefined ? {} : { leaseUntil: record.leaseUntil }),
      ...(record.messageId === undefined ? {} : { messageId: record.messageId }),
      ...(record.sentAt === undefined ? {} : { sentAt: record.sentAt }),
    });
  },
});
