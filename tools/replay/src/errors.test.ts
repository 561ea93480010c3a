import { describe, expect, it } from 'vitest';
import { ExitCodes, ReplayError, toReplayError, WindowRefusedError } from './errors.ts';

const local = { local: true, where: 'the local cloud on 127.0.0.1:4566' };
const aws = { local: false, where: 'stage "dev" in AWS (profile ops, region eu-west-1)' };

const named = (name: string, message = 'failed'): Error =>
  Object.assign(new Error(message), { name });

describe('toReplayError', () => {
  it('says how to start a local cloud that refuses connections', () => {
    // Prepare
    const refused = new Error('socket', {
      cause: Object.assign(new Error('x'), { code: 'ECONNREFUSED' }),
    });

    // Act
    const error = toReplayError(refused, local);

    // Assess
    expect(error.message).toMatch(
      /Nothing answers on the local cloud on 127\.0\.0\.1:4566: it stopped\? Start it/,
    );
    expect(error.exitCode).toBe(ExitCodes.Failure);
  });

  it.each([
    [
      named('CredentialsProviderError', 'Could not load credentials from any providers'),
      /No AWS credentials for stage "dev"/,
    ],
    [named('ExpiredTokenException'), /AWS rejected the credentials .* \(ExpiredTokenException\)/],
    [named('Error', 'Region is missing'), /No AWS region for stage "dev"/],
    [
      named(
        'AuthorizationErrorException',
        'not authorized to perform: SNS:SetSubscriptionAttributes',
      ),
      /Access denied in stage "dev" .*SetSubscriptionAttributes/,
    ],
    [
      named('InvalidParameterException', 'Invalid parameter: ReplayPolicy'),
      /Call failed in stage "dev" .*: InvalidParameterException: Invalid parameter: ReplayPolicy/,
    ],
  ])('explains %s in AWS', (thrown, message) => {
    // Act
    const error = toReplayError(thrown, aws);

    // Assess
    expect(error).toBeInstanceOf(ReplayError);
    expect(error.message).toMatch(message);
  });

  it('keeps a ReplayError as it is, with its exit code', () => {
    // Prepare
    const refused = new WindowRefusedError('--to is before --from');

    // Act
    const error = toReplayError(refused, aws);

    // Assess
    expect(error).toBe(refused);
    expect(error.exitCode).toBe(ExitCodes.Usage);
  });
});
