import { describe, expect, it } from 'vitest';
import { connectToStage, readLocalPorts, Targets } from './connectToStage.ts';
import { UsageError } from './errors.ts';

describe('readLocalPorts', () => {
  it('reads the local cloud form and the harness JSON form of CONVEYOR_LOCAL_PORTS', () => {
    // Act
    const fromText = readLocalPorts('fauxqs=5000,dynamodb=5001,ses=5002');
    const fromJson = readLocalPorts('{"fauxqs":6000}');
    const fromNothing = readLocalPorts(undefined);

    // Assess
    expect(fromText).toEqual({ fauxqs: 5000, dynamodb: 5001, ses: 5002 });
    expect(fromJson).toEqual({ fauxqs: 6000, dynamodb: 4567, ses: 4568 });
    expect(fromNothing).toEqual({ fauxqs: 4566, dynamodb: 4567, ses: 4568 });
  });

  it.each([
    [
      'JSON with a key of its own',
      '{"sqs":1}',
      'CONVEYOR_LOCAL_PORTS: unknown key "sqs"; expected {"fauxqs":PORT,"dynamodb":PORT,"ses":PORT} or fauxqs=PORT,dynamodb=PORT,ses=PORT (any subset).',
    ],
    [
      'JSON with a port as text',
      '{"fauxqs":"4566"}',
      'CONVEYOR_LOCAL_PORTS: "fauxqs" must be a port from 1 to 65535, got "4566".',
    ],
    ['broken JSON', '{fauxqs', 'CONVEYOR_LOCAL_PORTS is not valid JSON: {fauxqs'],
    [
      'the other form with a key of its own',
      'sqs=1',
      'Invalid entry "sqs=1" in CONVEYOR_LOCAL_PORTS: expected fauxqs=PORT,dynamodb=PORT,ses=PORT.',
    ],
  ])('refuses %s as a usage error that says what is wrong', (_case, value, message) => {
    // Act
    const act = () => readLocalPorts(value);

    // Assess
    expect(act).toThrow(UsageError);
    expect(act).toThrow(message);
  });
});

describe('connectToStage', () => {
  it('connects to AWS for any other stage, with the profile and region given', async () => {
    // Act
    const connection = await connectToStage({
      stage: 'prod',
      profile: 'conveyor-prod',
      region: 'eu-central-1',
      env: {},
    });

    // Assess
    expect(connection.target).toBe(Targets.Aws);
    expect(connection.where).toBe(
      'stage "prod" in AWS (profile conveyor-prod, region eu-central-1)',
    );
    expect(await connection.sqs.config.region()).toBe('eu-central-1');
    connection.close();
  });

  it('refuses an AWS stage while the shell points SQS at the local cloud', async () => {
    // Act
    const act = connectToStage({
      stage: 'dev',
      env: { AWS_ENDPOINT_URL_SQS: 'http://127.0.0.1:4566' },
    });

    // Assess
    await expect(act).rejects.toThrow(UsageError);
    await expect(act).rejects.toThrow(/AWS_ENDPOINT_URL_SQS\/AWS_ENDPOINT_URL is set/);
  });

  it('refuses --profile with the local stage', async () => {
    // Act
    const act = connectToStage({ stage: 'local', profile: 'conveyor-dev', env: {} });

    // Assess
    await expect(act).rejects.toThrow(/--profile applies to AWS stages/);
  });
});
