import type { EventIssue } from '@conveyor/event-types';

/**
 * Base class of every error raised by `@conveyor/lambda-toolkit` and by the services' handlers
 * built on it. `name` is the concrete class name; `cause` keeps the original error.
 *
 * @example
 * ```ts
 * catch (error) { if (error instanceof ToolkitError) logger.error(error.message, { error }); }
 * ```
 */
export class ToolkitError extends Error {
  public constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
  }
}

/**
 * A failure that retrying cannot fix (bad input, a broken invariant). The record is reported
 * failed and reaches the queue's DLQ through its redrive policy after `maxReceiveCount` receives.
 *
 * @example
 * ```ts
 * if (order === undefined) throw new PermanentError(`Order ${id} does not exist`);
 * ```
 */
export class PermanentError extends ToolkitError {
  /** Always `true`: tells handlers and logs this failure will not heal by itself. */
  public readonly permanent = true;
}

/**
 * A failure that may heal by itself (throttling, a dependency down, a concurrent duplicate).
 * The record is reported failed and retried after the visibility timeout.
 *
 * @example
 * ```ts
 * catch (error) { throw new TransientError('Stock table unavailable', { cause: error }); }
 * ```
 */
export class TransientError extends ToolkitError {
  /** Always `false`: retrying may succeed. */
  public readonly permanent = false;
}

/** A record whose body is not a valid Conveyor event. Permanent: it goes to the DLQ. */
export class InvalidEventError extends PermanentError {
  /** Every validation problem, each with its JSON path. */
  public readonly issues: readonly EventIssue[];

  public constructor(issues: readonly EventIssue[], options?: ErrorOptions) {
    super(`Invalid event: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, options);
    this.issues = issues;
  }
}

/** A valid event of a type this consumer has no handler for: its subscription lets too much through. */
export class UnhandledEventTypeError extends PermanentError {}
