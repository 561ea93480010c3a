import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import {
  type ConnectOptions,
  DlqError,
  ExitCodes as DlqExitCodes,
  type ResolvedStage,
  resolveStage,
  Targets,
} from '@conveyor/dlq';
import { ReplayError, UsageError } from './errors.ts';
import { assertStageName } from './findConsumerQueue.ts';
import { localStage } from './parseReplayArguments.ts';

export type { ConnectOptions } from '@conveyor/dlq';

/** SNS and SQS clients for one stage, and how to talk about it. */
export interface StageConnection {
  readonly stage: string;
  /** Whether the stage is the local cloud. */
  readonly local: boolean;
  readonly sns: SNSClient;
  readonly sqs: SQSClient;
  /** Where requests go, for messages: `the local cloud on 127.0.0.1:4566`, `stage "dev" in AWS (...)`. */
  readonly where: string;
  /** Pause between two polls of ReplayStatus. */
  readonly pollIntervalMs: number;
  readonly close: () => void;
}

// The DLQ tool's stage checks watch SQS's endpoint only; replay talks to SNS too.
const endpointVariables = ['AWS_ENDPOINT_URL_SNS', 'AWS_ENDPOINT_URL_SQS', 'AWS_ENDPOINT_URL'];

/** `resolveStage` of the DLQ tool, its errors as this tool's (the same words and exit codes). */
const resolve = async (options: ConnectOptions): Promise<ResolvedStage> => {
  try {
    return await resolveStage(options);
  } catch (error) {
    if (!(error instanceof DlqError)) throw error;
    throw error.exitCode === DlqExitCodes.Usage
      ? new UsageError(error.message, { cause: error })
      : new ReplayError(error.message, { cause: error });
  }
};

/**
 * Connects to a stage's SNS and SQS: the local cloud on 127.0.0.1 for `local` (dummy
 * credentials; checked to answer), or AWS for any other stage, with the default credential
 * chain (or `profile`), checked by the first call. The stage is resolved as the DLQ tool's
 * `resolveStage` does.
 *
 * @throws UsageError for an invalid stage, `--profile` with the local stage, or an AWS stage
 *   while `AWS_ENDPOINT_URL_SNS`/`_SQS` points somewhere (a shell set up for the local cloud).
 * @throws ReplayError when the local cloud does not answer.
 */
export const connectToStage = async (options: ConnectOptions): Promise<StageConnection> => {
  const { stage, env } = options;
  assertStageName(stage);
  if (stage === localStage && options.profile !== undefined) {
    throw new UsageError('--profile applies to AWS stages; --stage local is the local cloud.');
  }
  if (stage !== localStage) {
    for (const name of endpointVariables) {
      const endpoint = env[name];
      if (endpoint !== undefined && endpoint !== '') {
        throw new UsageError(
          `Stage "${stage}" is in AWS, but ${name} is set (${endpoint}), probably from a shell set up for the local cloud. Unset it, or use --stage local.`,
        );
      }
    }
  }
  const { target, where, clientConfig } = await resolve(options);
  const local = target === Targets.Local;
  const sns = new SNSClient(clientConfig);
  const sqs = new SQSClient(clientConfig);
  return {
    stage,
    local,
    sns,
    sqs,
    where,
    pollIntervalMs: local ? 200 : 2_000,
    close: () => {
      sns.destroy();
      sqs.destroy();
    },
  };
};
