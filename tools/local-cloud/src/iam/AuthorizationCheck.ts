/** Context keys and their values, as IAM conditions see them. */
export type ConditionContext = Readonly<Record<string, string | readonly string[]>>;

/** One IAM decision a request needs: an action on a resource, with its condition keys. */
export interface AuthorizationCheck {
  /** For example `sqs:SendMessage`; undefined when the local cloud does not know the action. */
  readonly action: string | undefined;
  /**
   * The resource ARN(s): the check passes if any of them is allowed (SES authorises a send on
   * the address identity or on its domain, whichever is verified; the local cloud verifies none).
   */
  readonly resources: readonly string[];
  readonly context: ConditionContext;
}

/** The AWS API call a request makes, and what it needs to be allowed. */
export interface DescribedRequest {
  /** The operation, for logs: `SendMessage`, `GetObject`, ... */
  readonly operation: string;
  /** Every check must pass (a batch needs each of its tables, a copy its source too). */
  readonly checks: readonly AuthorizationCheck[];
}
