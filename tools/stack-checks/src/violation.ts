/** One broken rule: which service, which resource, which rule, and what is wrong. */
export interface Violation {
  readonly service: string;
  /** The resource's logical id (or another locator, such as a handler file). */
  readonly resource: string;
  /** The rule or check id, such as `sqs-redrive`. */
  readonly rule: string;
  readonly message: string;
}

/**
 * A violation as one line, the form the tests and the README use.
 *
 * @example
 * ```ts
 * formatViolation(violation); // 'inventory: OrdersQueue: sqs-redrive: maxReceiveCount is 5, must be 3'
 * ```
 */
export const formatViolation = ({ service, resource, rule, message }: Violation): string =>
  `${service}: ${resource}: ${rule}: ${message}`;
