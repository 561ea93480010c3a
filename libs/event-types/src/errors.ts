/**
 * One problem found while validating an event, located by its JSON path.
 */
export interface EventIssue {
  /** JSONPath of the offending value, for example `$.data.lines[0].quantity`; `$` is the whole input. */
  readonly path: string;
  /** Short machine-readable kind, for example `invalid_type`, `missing`, `unrecognized_key`. */
  readonly code: string;
  /** Human-readable explanation that names what was expected and what was found. */
  readonly message: string;
}

/**
 * Base class of every error thrown or returned by `@conveyor/event-types`.
 *
 * @example
 * ```ts
 * if (error instanceof EventTypesError) logger.error(error.message, { error });
 * ```
 */
export class EventTypesError extends Error {
  // A string, not `new.target.name`: minified bundles rename classes.
  public override readonly name: string = 'EventTypesError';
}

/**
 * An input that is not a valid Conveyor event: not JSON, an unknown type or version, or a
 * payload that does not match its schema. Carries every problem found, not just the first.
 */
export class EventValidationError extends EventTypesError {
  public override readonly name: string = 'EventValidationError';
  /** Every problem found, each with its JSON path. */
  public readonly issues: readonly EventIssue[];

  public constructor(issues: readonly EventIssue[], options?: ErrorOptions) {
    super(
      `Invalid event: ${issues.map((issue) => `${issue.path}: ${issue.message}`).join('; ')}`,
      options,
    );
    this.issues = issues;
  }
}
