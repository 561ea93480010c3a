import { describe, expect, it } from 'vitest';
import { connectToStage } from './connectToStage.ts';
import { ExitCodes, UsageError } from './errors.ts';

describe('connectToStage', () => {
  it('connects SNS and SQS to AWS for any other stage, with the profile and region given', async () => {
    // Act
    const connection = await connectToStage({
      stage: 'prod',
      profile: 'conveyor-prod',
      region: 'eu-central-1',
      env: {},
    });

    // Assess
    expect(connection.local).toBe(false);
    expect(connection.where).toBe(
      'stage "prod" in AWS (profile conveyor-prod, region eu-central-1)',
    );
    expect(await connection.sns.config.region()).toBe('eu-central-1');
    expect(await connection.sqs.config.region()).toBe('eu-central-1');
    expect(connection.pollIntervalMs).toBe(2_000);
    connection.close();
  });

  it.each(['AWS_ENDPOINT_URL_SNS', 'AWS_ENDPOINT_URL_SQS', 'AWS_ENDPOINT_URL'])(
    'refuses an AWS stage while %s points at the local cloud',
    async (variable) => {
      // Act
      const act = connectToStage({ stage: 'dev', env: { [variable]: 'http://127.0.0.1:4566' } });

      // Assess
      await expect(act).rejects.toThrow(UsageError);
      await expect(act).rejects.toThrow(
        `Stage "dev" is in AWS, but ${variable} is set (http://127.0.0.1:4566), probably from a shell set up for the local cloud. Unset it, or use --stage local.`,
      );
    },
  );

  it('refuses --profile with the local stage', async () => {
    // Act
    const act = connectToStage({ stage: 'local', profile: 'conveyor-dev', env: {} });

    // Assess
    await expect(act).rejects.toThrow(
      '--profile applies to AWS stages; --stage local is the local cloud.',
    );
  });

  it('reports unreadable local ports as its own usage error, exit code 2', async () => {
    // Act
    const act = connectToStage({ stage: 'local', env: { CONVEYOR_LOCAL_PORTS: '{"sqs":1}' } });

    // Assess
    await expect(act).rejects.toThrow(UsageError);
    await expect(act).rejects.toMatchObject({
      exitCode: ExitCodes.Usage,
      message:
        'CONVEYOR_LOCAL_PORTS: unknown key "sqs"; expected {"fauxqs":PORT,"dynamodb":PORT,"ses":PORT} or fauxqs=PORT,dynamodb=PORT,ses=PORT (any subset).',
    });
  });
});
