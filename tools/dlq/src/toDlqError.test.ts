import { describe, expect, it } from 'vitest';
import {
  CredentialsError,
  LocalCloudStoppedError,
  QueueNotFoundError,
  toDlqError,
} from './errors.ts';

const named = (name: string, message = name): Error => {
  const error = new Error(message);
  error.name = name;
  return error;
};

const aws = { local: false, where: 'stage "dev" in AWS', queueName: 'conveyor-dev-x-dlq.fifo' };

describe('toDlqError', () => {
  it('explains a missing queue', () => {
    // Act
    const error = toDlqError(named('QueueDoesNotExist'), aws);

    // Assess
    expect(error).toBeInstanceOf(QueueNotFoundError);
    expect(error.message).toBe(
      'Queue conveyor-dev-x-dlq.fifo does not exist in stage "dev" in AWS. Is its service deployed to this stage (and region)?',
    );
  });

  it.each([
    [
      named('CredentialsProviderError', 'Could not load credentials from any providers'),
      /^No AWS credentials for stage "dev" in AWS\. Pass --profile/,
    ],
    [
      named(
        'CredentialsProviderError',
        'Could not resolve credentials using profile: [nosuch] in configuration/credentials file(s).',
      ),
      /^No AWS credentials for stage "dev" in AWS \(Could not resolve credentials using profile: \[nosuch\] in configuration\/credentials file\(s\)\)\. Pass --profile/,
    ],
    [
      Object.assign(new Error('getaddrinfo EAI_AGAIN sqs.eu-west-1.amazonaws.com'), {
        code: 'EAI_AGAIN',
      }),
      /^Cannot reach AWS for stage "dev" in AWS \(EAI_AGAIN\): check the network, a proxy or VPN, and the region\.$/,
    ],
    [
      named('TimeoutError', 'Socket timed out without establishing a connection within 5000 ms'),
      /^Cannot reach AWS for stage "dev" in AWS \(no answer in time: Socket timed out/,
    ],
    [named('ExpiredTokenException'), /rejected the credentials .*ExpiredTokenException/],
    [named('Error', 'Region is missing'), /No AWS region/],
    [
      named('AccessDeniedException', 'not authorized to perform sqs:PurgeQueue'),
      /Access denied.*sqs:PurgeQueue/,
    ],
  ])('explains access trouble: %s', (cause, message) => {
    // Act
    const error = toDlqError(cause, aws);

    // Assess
    expect(error).toBeInstanceOf(CredentialsError);
    expect(error.message).toMatch(message);
  });

  it('explains a refused connection to the local cloud', () => {
    // Prepare
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:4566'), {
      code: 'ECONNREFUSED',
    });

    // Act
    const error = toDlqError(new Error('fetch failed', { cause: refused }), {
      local: true,
      where: '127.0.0.1:4566',
    });

    // Assess
    expect(error).toBeInstanceOf(LocalCloudStoppedError);
  });
});
