/**
 * Base class of every error thrown by `@conveyor/local-cloud`. Its message is one line meant for
 * a person at a terminal; the underlying error, if any, is in `cause`.
 *
 * @example
 * ```ts
 * try { await startLocalCloud(); } catch (error) {
 *   if (error instanceof LocalCloudError) { console.error(error.message); process.exitCode = 1; }
 *   else throw error;
 * }
 * ```
 */
export class LocalCloudError extends Error {
  public constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'LocalCloudError';
  }
}

/**
 * A command line the local cloud's CLIs (`npm start`, `npm run local-cloud`) cannot run: an
 * unknown option, a bad value. They exit 2 for it, as the project's other CLIs do, and 1 for a
 * run that fails.
 */
export class LocalCloudUsageError extends LocalCloudError {
  public constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'LocalCloudUsageError';
  }
}

/** A port the local cloud needs is already taken, by another local cloud or anything else. */
export class PortInUseError extends LocalCloudError {
  /** The port that could not be bound. */
  public readonly port: number;
  /** The part that wanted it, for example `DynamoDB/dynalite`. */
  public readonly service: string;

  /**
   * @param remedy - How to move the part to another port; by default the local cloud's own
   *   setting, `--ports` (a service's ports and the console's have settings of their own).
   */
  public constructor(
    port: number,
    service: string,
    options?: ErrorOptions,
    remedy = 'pass --ports (or CONVEYOR_LOCAL_PORTS) with free ports',
  ) {
    super(
      `Port ${port} (${service}) is already in use. Stop whatever holds it or ${remedy}.`,
      options,
    );
    this.name = 'PortInUseError';
    this.port = port;
    this.service = service;
  }
}

/** Another running local cloud already uses the state directory. */
export class DataDirInUseError extends LocalCloudError {
  /** The state directory. */
  public readonly dataDir: string;
  /** Process id of the local cloud holding it. */
  public readonly pid: number;

  public constructor(dataDir: string, pid: number, options?: ErrorOptions) {
    super(
      `State directory ${dataDir} is in use by another local cloud (pid ${pid}). Stop it, or pass --data-dir or --in-memory.`,
      options,
    );
    this.name = 'DataDirInUseError';
    this.dataDir = dataDir;
    this.pid = pid;
  }
}
