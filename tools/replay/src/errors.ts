import { describeAwsError, explainAccessTrouble, isConnectionRefused } from '@conveyor/dlq';

/** Process exit codes of the `replay` command. */
export const ExitCodes = {
  /** Replayed. */
  Ok: 0,
  /** Something failed: AWS, the local cloud, a missing subscription, a replay SNS failed. */
  Failure: 1,
  /** The command line was wrong, or the window is outside the archive. */
  Usage: 2,
} as const;

/** A `replay` exit code. */
export type ExitCode = (typeof ExitCodes)[keyof typeof ExitCodes];

/**
 * Base class of every error the replay tool reports. Its message is meant for an operator at a
 * terminal; the underlying error, if any, is in `cause`.
 */
export class ReplayError extends Error {
  /** The exit code `main.ts` ends with. */
  readonly exitCode: ExitCode;

  constructor(message: string, options?: ErrorOptions & { exitCode?: ExitCode }) {
    super(message, options);
    this.name = 'ReplayError';
    this.exitCode = options?.exitCode ?? ExitCodes.Failure;
  }
}

/** The command line is wrong: unknown option, a missing or invalid value, an unknown queue. */
export class UsageError extends ReplayError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, { ...options, exitCode: ExitCodes.Usage });
    this.name = 'UsageError';
  }
}

/** The window asked for is not in the archive: before it begins, reversed, or in the future. */
export class WindowRefusedError extends ReplayError {
  constructor(message: string) {
    super(message, { exitCode: ExitCodes.Usage });
    this.name = 'WindowRefusedError';
  }
}

/** How {@link toReplayError} names the target: `the local cloud on 127.0.0.1:4566`, say. */
export interface ErrorContext {
  readonly local: boolean;
  readonly where: string;
}

/**
 * Turns whatever an SNS or SQS client threw into a one-line {@link ReplayError}: a stopped local
 * cloud, missing or expired credentials, a missing region, access denied (explained as the DLQ
 * tool explains them); anything else keeps its own message, prefixed with where it happened.
 */
export const toReplayError = (error: unknown, context: ErrorContext): ReplayError => {
  if (error instanceof ReplayError) return error;
  if (isConnectionRefused(error)) {
    return context.local
      ? new ReplayError(
          `Nothing answers on ${context.where}: it stopped? Start it with "npm run local-cloud" (or "npm start"), or set CONVEYOR_LOCAL_PORTS to the ports it runs on.`,
          { cause: error },
        )
      : new ReplayError(
          `Cannot reach AWS in ${context.where}: ${error instanceof Error ? error.message : String(error)}`,
          { cause: error },
        );
  }
  const trouble = explainAccessTrouble(error, context.where);
  if (trouble !== undefined) return new ReplayError(trouble, { cause: error });
  return new ReplayError(`Call failed in ${context.where}: ${describeAwsError(error)}`, {
    cause: error,
  });
};
