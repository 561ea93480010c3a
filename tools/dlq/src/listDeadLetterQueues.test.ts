import { describe, expect, it } from 'vitest';
import { deadLetterQueues } from './deadLetterQueues.ts';
import { type DeadLetterQueueDepth, formatDeadLetterQueueList } from './listDeadLetterQueues.ts';

const connection = { stage: 'local', where: 'the local cloud on 127.0.0.1:4566' };
const [first, second] = deadLetterQueues('local');

const summaryOf = (rows: readonly DeadLetterQueueDepth[]): string | undefined =>
  formatDeadLetterQueueList(connection, rows).split('\n').filter(Boolean).at(-1);

describe('formatDeadLetterQueueList', () => {
  it('says the DLQs are empty only when some exist, and names what is missing', () => {
    // Prepare
    if (first === undefined || second === undefined) throw new Error('the topology has DLQs');
    const empty = { depth: 0, visible: 0, inFlight: 0 };

    // Act
    const all = summaryOf([
      { queue: first, state: empty },
      { queue: second, state: empty },
    ]);
    const some = formatDeadLetterQueueList(connection, [
      { queue: first, state: empty },
      { queue: second },
    ]);
    const none = summaryOf([{ queue: first }, { queue: second }]);

    // Assess
    expect(all).toBe('All DLQs are empty.');
    expect(some).toContain('The DLQs that exist are empty.');
    expect(some).toContain('1 DLQ(s) missing: their services are not deployed here.');
    expect(none).toBe('2 DLQ(s) missing: their services are not deployed here.');
    expect(formatDeadLetterQueueList(connection, [{ queue: first }])).toContain(
      'No DLQ of the topology exists here',
    );
  });
});
