import { describe, expect, it } from 'vitest';
import { httpEvent } from '../tests/fixtures/httpFixtures.ts';
import { requestCorrelationId } from './requestCorrelationId.ts';

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('requestCorrelationId', () => {
  it("keeps the caller's id when it looks like one", () => {
    // Act
    const id = requestCorrelationId(httpEvent('{}', { 'x-correlation-id': 'client-trace:42.a' }));

    // Assess
    expect(id).toBe('client-trace:42.a');
  });

  it('starts a fresh id for each request without one, or with one that is not id-shaped', () => {
    // Prepare: the same request twice, as serverless offline gives every request one request id.
    const bare = httpEvent('{}', {});
    const junk = httpEvent('{}', { 'x-correlation-id': 'has spaces and <tags>' });
    const long = httpEvent('{}', { 'x-correlation-id': 'a'.repeat(129) });

    // Act
    const ids = [bare, bare, junk, long].map(requestCorrelationId);

    // Assess
    for (const id of ids) expect(id).toMatch(uuid);
    expect(new Set(ids).size).toBe(4);
  });
});
