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

const nameOf = (error: unknown): string =>
  error instanceof Error ? (error.name === 'Error' ? '' : error.name) : '';

const messageOf = (error: unknown): string =>
  error instanceof Error ? error.message : String(error);

const isConnectionRefused = (error: unknown): boolean => {
  for (let current: unknown = error; current instanceof Error; current = current.cause) {
    const { code } = current as { code?: unknown };
    if (code === 'ECONNREFUSED' || /ECONNREFUSED/.test(current.message)) return true;
  }
  return false;
};

/** How {@link toReplayError} names the target: `the local cloud on 127.0.0.1:4566`, say. */
export interface ErrorContext {
  readonly local: boolean;
  readonly where: string;
}

/**
 * Turns whatever an SNS or SQS client threw into a one-line {@link ReplayError}: a stopped local
 * cloud, missing or expired credentials, a missing region, access denied; anything else keeps
 * its own message, prefixed with where it happened.
 */
export const toReplayError = (error: unknown, context: ErrorContext): ReplayError => {
  if (error instanceof ReplayError) return error;
  const name = nameOf(error);
  const message = messageOf(error);
  if (isConnectionRefused(error)) {
    return context.local
      ? new ReplayError(
          `Nothing answers on ${context.where}: it stopped? Start it with "npm run local-cloud" (or "npm start"), or set CONVEYOR_LOCAL_PORTS to the ports it runs on.`,
          { cause: error },
        )
      : new ReplayError(`Cannot reach AWS in ${context.where}: ${message}`, { cause: error });
  }
  if (name === 'CredentialsProviderError' || /could not load credentials/i.test(message)) {
    return new ReplayError(
      `No AWS credentials for ${context.where}. Pass --profile (or set AWS_PROFILE) to a profile that can reach this stage; for SSO profiles run "aws sso login --profile <name>" first.`,
      { cause: error },
    );
  }
  if (
    [
      'ExpiredToken',
      'ExpiredTokenException',
      'InvalidClientTokenId',
      'UnrecognizedClientException',
      'SignatureDoesNotMatch',
    ].includes(name)
  ) {
    return new ReplayError(
      `AWS rejected the credentials for ${context.where} (${name}): refresh them (for SSO, "aws sso login") and try again.`,
      { cause: error },
    );
  }
  if (/region is missing/i.test(message)) {
    return new ReplayError(
      `No AWS region for ${context.where}: pass --region, set AWS_REGION, or give the profile a region.`,
      { cause: error },
    );
  }
  if (['AccessDenied', 'AccessDeniedException', 'AuthorizationErrorException'].includes(name)) {
    return new ReplayError(`Access denied in ${context.where}: ${message}`, { cause: error });
  }
  return new ReplayError(
    `Call failed in ${context.where}: ${name === '' ? message : `${name}: ${message}`}`,
    { cause: error },
  );
};
