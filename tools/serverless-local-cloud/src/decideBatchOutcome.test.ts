import { describe, expect, it } from 'vitest';
import { type BatchRecordRef, decideBatchOutcome } from './decideBatchOutcome.ts';

const records: BatchRecordRef[] = [{ messageId: 'm1' }, { messageId: 'm2' }, { messageId: 'm3' }];
const returned = (value: unknown) => ({ kind: 'returned', value }) as const;

describe('decideBatchOutcome', () => {
  it('deletes every record when the function returns nothing or an empty list', () => {
    // Prepare
    const results = [undefined, null, {}, { batchItemFailures: [] }, { batchItemFailures: null }];

    // Act
    const outcomes = results.map((value) => decideBatchOutcome(records, true, returned(value)));

    // Assess
    for (const outcome of outcomes) {
      expect(outcome).toEqual({ kind: 'succeeded', deleteIds: ['m1', 'm2', 'm3'] });
    }
  });

  it('deletes only the records not listed in batchItemFailures', () => {
    // Prepare
    const value = { batchItemFailures: [{ itemIdentifier: 'm2' }] };

    // Act
    const outcome = decideBatchOutcome(records, true, returned(value));

    // Assess
    expect(outcome).toEqual({
      kind: 'partiallyFailed',
      deleteIds: ['m1', 'm3'],
      failedIds: ['m2'],
      outOfOrderIds: [],
    });
  });

  it('ignores batchItemFailures without ReportBatchItemFailures, as Lambda does', () => {
    // Prepare
    const value = { batchItemFailures: [{ itemIdentifier: 'm2' }] };

    // Act
    const outcome = decideBatchOutcome(records, false, returned(value));

    // Assess
    expect(outcome).toEqual({ kind: 'succeeded', deleteIds: ['m1', 'm2', 'm3'] });
  });

  it('fails the whole batch on a thrown error or a timeout, with or without ReportBatchItemFailures', () => {
    // Prepare
    class LambdaTimeoutError extends Error {}
    const timeout = new LambdaTimeoutError('[504] - Lambda timeout.');

    // Act
    const thrown = decideBatchOutcome(records, false, { kind: 'failed', error: new Error('boom') });
    const timedOut = decideBatchOutcome(records, true, { kind: 'failed', error: timeout });

    // Assess
    expect(thrown).toEqual({ kind: 'failed', reason: 'boom' });
    expect(timedOut).toEqual({ kind: 'failed', reason: 'the function timed out' });
  });

  it('fails the whole batch on an invalid batch response', () => {
    // Prepare
    const invalid = [
      { batchItemFailures: [{ itemIdentifier: 'not-in-batch' }] },
      { batchItemFailures: [{ itemIdentifier: '' }] },
      { batchItemFailures: [{ itemIdentifier: null }] },
      { batchItemFailures: [{ messageId: 'm1' }] },
      { batchItemFailures: 'm1' },
      'm1',
    ];

    // Act
    const outcomes = invalid.map((value) => decideBatchOutcome(records, true, returned(value)));

    // Assess
    expect(outcomes.map(({ kind }) => kind)).toEqual(Array(invalid.length).fill('failed'));
    expect(outcomes[0]).toEqual({
      kind: 'failed',
      reason: 'batchItemFailures names not-in-batch, which is not in the batch',
    });
  });

  it('flags FIFO records deleted after a failed record of their own group', () => {
    // Prepare
    const fifo: BatchRecordRef[] = [
      { messageId: 'a1', messageGroupId: 'A' },
      { messageId: 'a2', messageGroupId: 'A' },
      { messageId: 'b1', messageGroupId: 'B' },
      { messageId: 'a3', messageGroupId: 'A' },
    ];

    // Act
    const outcome = decideBatchOutcome(
      fifo,
      true,
      returned({ batchItemFailures: [{ itemIdentifier: 'a2' }] }),
    );

    // Assess
    expect(outcome).toEqual({
      kind: 'partiallyFailed',
      deleteIds: ['a1', 'b1', 'a3'],
      failedIds: ['a2'],
      outOfOrderIds: ['a3'],
    });
  });
});
