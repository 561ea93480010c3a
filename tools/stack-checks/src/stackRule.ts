import type { PackagedStack } from './packagedStack.ts';
import type { Violation } from './violation.ts';

/** A policy rule over one packaged stack: a stable id, what it guards, and the check. */
export interface StackRule {
  /** Appears in every violation, such as `sqs-redrive`. */
  readonly id: string;
  /** One line for the README and for failing test output. */
  readonly description: string;
  /** Pure: the same stack always gives the same violations, in template order. */
  readonly check: (stack: PackagedStack) => readonly Violation[];
}
