// GET /emails/{eventId} through serverless-offline.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { getSentEmail } from './support/emailTestContext.ts';

describe('GET /emails/{eventId}', () => {
  it('answers 404 for an event nothing was mailed for', async () => {
    // Prepare
    const eventId = randomUUID();

    // Act
    const response = await getSentEmail(eventId);

    // Assess
    expect(response.status).toBe(404);
    expect(response.json).toMatchObject({ status: 404, detail: `No mail for event ${eventId}` });
  });

  it('answers 400 for a malformed event id', async () => {
    // Act
    const response = await getSentEmail('not-a-uuid');

    // Assess
    expect(response.status).toBe(400);
    expect(response.json).toMatchObject({
      status: 400,
      errors: [{ parameter: 'eventId', detail: 'malformed eventId "not-a-uuid"' }],
    });
  });
});
