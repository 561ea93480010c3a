import type { EventIssue } from '@conveyor/event-types';

/**
 * Base class of every error raised by `@conveyor/lambda-toolkit`, and of the domain errors the
 * services build on {@link DomainError}. `cause` keeps the original error. Each subclass names
 * itself with a string (`override readonly name = 'UnknownOrderError'`), not `new.target.name`:
 * the bundles are minified, which renames classes, and logs and DLQ reasons would show `wo`.
 *
 * @example
 * ```ts
 * catch (error) { if (error instanceof ToolkitError) logger.error(error.message, { error }); }
 * ```
 */
export class ToolkitError extends Error {
  public override readonly name: string = 'ToolkitError';
}

/** Options of a {@link DomainError}: the usual `cause`, and the HTTP status it stands for. */
export interface DomainErrorOptions extends ErrorOptions {
  /**
   * The status an HTTP handler answers when this error ends a request, such as 404 or 409. A
   * 4xx status shows the message to the client as the problem's `detail`; without a status
   * the answer is 503 for a retryable error and 500 otherwise, with a generic detail.
   */
  readonly httpStatus?: number;
}

/**
 * An error that says whether retrying can help. The toolkit's handlers act on it, so services
 * throw it (or a subclass) and never translate errors by hand: the SQS handler reports the
 * record failed either way, and logs a non-retryable failure as permanent and makes it visible
 * again at once, so that it reaches the DLQ in quick receives; the HTTP handler answers its
 * `httpStatus` as `application/problem+json`. Extend {@link PermanentError} or
 * {@link TransientError} rather than this class.
 *
 * @example
 * ```ts
 * if (error instanceof DomainError && !error.retryable) alarmOperators(error);
 * ```
 */
export abstract class DomainError extends ToolkitError {
  public override readonly name: string = 'DomainError';
  /** Whether the same input may succeed later (a race, a dependency down), or never will. */
  public abstract readonly retryable: boolean;
  /** The HTTP status this error stands for, if it has one; see {@link DomainErrorOptions}. */
  public readonly httpStatus: number | undefined;

  public constructor(message: string, options: DomainErrorOptions = {}) {
    const { httpStatus, ...errorOptions } = options;
    super(message, errorOptions);
    this.httpStatus = httpStatus;
  }
}

/**
 * A failure that retrying cannot fix (bad input, a broken invariant, a refused request). On an
 * SQS queue the record is reported failed, logged as permanent, and reaches the queue's DLQ
 * through its redrive policy after `maxReceiveCount` receives.
 *
 * @example
 * ```ts
 * export class UnknownOrderError extends PermanentError {
 *   public override readonly name = 'UnknownOrderError';
 *
 *   public constructor(orderId: string) {
 *     super(`Order ${orderId} does not exist`, { httpStatus: 404 });
 *   }
 * }
 * ```
 */
export class PermanentError extends DomainError {
  public override readonly name: string = 'PermanentError';
  /** Always `false`: the same input fails the same way every time. */
  public readonly retryable = false;
}

/**
 * A failure that may heal by itself (throttling, a dependency down, a concurrent writer). On an
 * SQS queue the record is reported failed and retried after the visibility timeout; over HTTP
 * it is answered 503 with `retry-after`.
 *
 * @example
 * ```ts
 * catch (error) { throw new TransientError('Stock table unavailable', { cause: error }); }
 * ```
 */
export class TransientError extends DomainError {
  public override readonly name: string = 'TransientError';
  /** Always `true`: retrying may succeed. */
  public readonly retryable = true;
}

/** A record whose body is not a valid Conveyor event. Permanent: it goes to the DLQ. */
export class InvalidEventError extends PermanentError {
  public override readonly name: string = 'InvalidEventError';
  /** Every validation problem, each with its JSON path. */
  public readonly issues: readonly EventIssue[];

  public constructor(issues: readonly EventIssue[], options?: ErrorOptions) {
    super(`Invalid event: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, options);
    this.issues = issues;
  }
}

/** A valid event of a type this consumer has no handler for: its subscription lets too much through. */
export class UnhandledEventTypeError extends PermanentError {
  public override readonly name: string = 'UnhandledEventTypeError';
}

/**
 * A token that does not open: malformed, tampered with, minted for another purpose or key; or,
 * with `missing`, no token at all, which the message then says.
 */
export class InvalidSealedTokenError extends PermanentError {
  public override readonly name: string = 'InvalidSealedTokenError';

  public constructor(purpose: string, options?: ErrorOptions & { readonly missing?: boolean }) {
    const { missing = false, ...errorOptions } = options ?? {};
    super(`The ${purpose} token is ${missing ? 'missing' : 'not valid'}`, {
      ...errorOptions,
      httpStatus: 400,
    });
  }
}

/**
 * A sealed-token secret too short to key the cipher: a configuration error, raised by
 * `sealToken` and `openSealedToken` before anything is sealed or opened.
 */
export class SealedTokenSecretError extends ToolkitError {
  public override readonly name: string = 'SealedTokenSecretError';
}
