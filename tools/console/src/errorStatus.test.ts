import { DlqError, QueueNotFoundError, UnknownQueueError } from '@conveyor/dlq';
import { TraceError } from '@conveyor/trace';
import { describe, expect, it } from 'vitest';
import { errorStatus } from './errorStatus.ts';

describe('errorStatus', () => {
  it.each([
    ['an unknown DLQ', new UnknownQueueError('Unknown queue "nope".'), 404],
    [
      'a DLQ that does not exist',
      new QueueNotFoundError('conveyor-local-x-dlq', 'the local cloud'),
      404,
    ],
    ['an unknown order', new TraceError('No order 42 in the logs.'), 404],
    ['a DLQ operation refused', new DlqError('A redrive of this DLQ is already running.'), 409],
    ['a path that is not valid percent-encoding', new URIError('URI malformed'), 400],
    ['anything else', new TypeError('undefined is not a function'), 500],
  ])('answers %s with %d', (_label, error, status) => {
    // Act
    const answered = errorStatus(error);

    // Assess
    expect(answered).toBe(status);
  });
});
