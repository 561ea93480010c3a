import { boundedFetch } from '@conveyor/service-testing';
import { describe, expect, inject, it } from 'vitest';

describe('GET /analytics/status', () => {
  it('answers the service and its stage', async () => {
    // Prepare
    const url = `${inject('analyticsUrl')}/analytics/status`;

    // Act
    const response = await boundedFetch(url);

    // Assess
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ service: 'analytics', stage: 'local' });
  });
});
