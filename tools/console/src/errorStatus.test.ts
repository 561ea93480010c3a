import {
  DlqError,
  LocalCloudSilentError,
  LocalCloudStoppedError,
  QueueNotFoundError,
  UnknownQueueError,
} from '@conveyor/dlq';
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
    ['a local cloud that is not running', new LocalCloudStoppedError('127.0.0.1:4566'), 503],
    ['a local cloud that does not answer', new LocalCloudSilentError('127.0.0.1:4566'), 504],
    [
      'a read that gave up waiting',
      new DlqError('The orders table did not answer within 5 s.', {
        cause: Object.assign(new Error('Request timed out'), { name: 'TimeoutError' }),
      }),
      504,
    ],
    ['a path that is not valid percent-encoding', new URIError('URI malformed'), 400],
    ['anything else', new TypeError('undefined is not a function'), 500],
  ])('answers %s with %d', (_label, error, status) => {
    // Act
    const answered = errorStatus(error);

    // Assess
    expect(answered).toBe(status);
  });
});
