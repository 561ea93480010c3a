/** Process exit codes of the `trace` command. */
export const ExitCodes = {
  /** A timeline was printed. */
  Ok: 0,
  /** Nothing found, or a source could not be read (logs, the local cloud, AWS). */
  Failure: 1,
  /** The command line was wrong. */
  Usage: 2,
} as const;

/** A `trace` exit code. */
export type ExitCode = (typeof ExitCodes)[keyof typeof ExitCodes];

/**
 * Base class of every error the trace tool reports: a one-line message meant for an operator at
 * a terminal; the underlying error, if any, is in `cause`.
 */
export class TraceError extends Error {
  /** The exit code `main.ts` ends with. */
  public readonly exitCode: ExitCode;

  public constructor(message: string, options?: ErrorOptions & { exitCode?: ExitCode }) {
    super(message, options);
    this.name = 'TraceError';
    this.exitCode = options?.exitCode ?? ExitCodes.Failure;
  }
}

/** The command line is wrong: unknown option, a missing or invalid value. */
export class UsageError extends TraceError {
  public constructor(message: string, options?: ErrorOptions) {
    super(message, { ...options, exitCode: ExitCodes.Usage });
    this.name = 'UsageError';
  }
}
