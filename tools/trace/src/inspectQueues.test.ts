import type { PeekedMessage } from './dlqAccess.ts';
import { describe, expect, it } from 'vitest';
import { belongsToOrder } from './inspectQueues.ts';

const ids = { orderIds: ['ord-1'], correlationIds: ['corr-1'] };

const message = (overrides: Partial<PeekedMessage>): PeekedMessage => ({
  messageId: 'm-1',
  receiveCount: 1,
  envelope: { valid: false, problems: [] },
  body: '{}',
  ...overrides,
});

describe('belongsToOrder', () => {
  it("knows the order's messages by envelope, FIFO group, or what an invalid body still names", () => {
    // Prepare
    const valid = message({
      envelope: {
        valid: true,
        eventType: 'inventory.reserved',
        version: 1,
        eventId: 'e-1',
        correlationId: 'corr-other',
        aggregateId: 'ord-1',
      },
    });
    const grouped = message({ messageGroupId: 'ord-1' });
    const byBody = message({ body: '{"data":{"orderId":"ord-1"}}' });
    const byCorrelation = message({ body: '{"metadata":{"correlationId":"corr-1"}}' });
    const other = message({ messageGroupId: 'ord-2', body: '{"aggregateId":"ord-2"}' });
    const notJson = message({ body: 'ord-1 but not JSON' });
    const notJsonByAttribute = message({
      body: 'not JSON',
      messageAttributes: { correlationId: 'corr-1' },
    });

    // Act
    const verdicts = [
      valid,
      grouped,
      byBody,
      byCorrelation,
      other,
      notJson,
      notJsonByAttribute,
    ].map((each) => belongsToOrder(each, ids));

    // Assess
    expect(verdicts).toEqual([true, true, true, true, false, false, true]);
  });
});
