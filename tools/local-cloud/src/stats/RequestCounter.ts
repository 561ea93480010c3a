import type { CountedService, DescribedCall } from './describeCall.ts';

/** How many calls of one operation one caller made, and what they carried. */
export interface RequestCount {
  readonly service: CountedService;
  readonly operation: string;
  /** A function's access key id (`fn.<service>.<stage>.<function>`), `administrator` or `unsigned`. */
  readonly caller: string;
  /** Every call, refused ones included. */
  readonly calls: number;
  /** Calls the enforcement layer refused (they never reached the service). */
  readonly refused: number;
  /** Items carried: a batch's entries, 1 per other call. */
  readonly entries: number;
  /** Request body bytes. */
  readonly bytes: number;
  /** `ReceiveMessage` only: messages its answers held, and the answers that held none. */
  readonly messagesReceived: number;
  readonly emptyReceives: number;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/**
 * Counts the AWS API calls the local cloud serves, per service, operation and caller. Memory
 * grows with the variety of calls, not their number. Counters only grow: a reader takes two
 * snapshots and subtracts.
 */
export class RequestCounter {
  readonly #counts = new Map<string, Mutable<RequestCount>>();

  #entry(call: DescribedCall): Mutable<RequestCount> {
    const key = `${call.service}\u0000${call.operation}\u0000${call.caller}`;
    let entry = this.#counts.get(key);
    if (entry === undefined) {
      entry = {
        service: call.service,
        operation: call.operation,
        caller: call.caller,
        calls: 0,
        refused: 0,
        entries: 0,
        bytes: 0,
        messagesReceived: 0,
        emptyReceives: 0,
      };
      this.#counts.set(key, entry);
    }
    return entry;
  }

  /** One call, as it arrived (and whether the enforcement layer refused it). */
  record(call: DescribedCall, refused: boolean): void {
    const entry = this.#entry(call);
    entry.calls += 1;
    entry.entries += call.entries;
    entry.bytes += call.bytes;
    if (refused) entry.refused += 1;
  }

  /** What a `ReceiveMessage` answered: the number of messages it held. */
  recordReceived(call: DescribedCall, messages: number): void {
    const entry = this.#entry(call);
    entry.messagesReceived += messages;
    if (messages === 0) entry.emptyReceives += 1;
  }

  /** Every count so far, sorted by service, operation and caller. */
  list(): RequestCount[] {
    return [...this.#counts.values()]
      .map((entry) => ({ ...entry }))
      .sort(
        (a, b) =>
          a.service.localeCompare(b.service) ||
          a.operation.localeCompare(b.operation) ||
          a.caller.localeCompare(b.caller),
      );
  }
}
