import type { Decision } from './PolicyEvaluator.ts';

/** How often a function was allowed or denied one action on one resource. */
export interface DecisionRecord {
  readonly accessKeyId: string;
  readonly service: string;
  readonly functionKey: string;
  readonly functionName: string;
  readonly action: string;
  readonly resource: string;
  readonly decision: Decision;
  readonly count: number;
  /** ISO-8601 time of the first and the latest such decision. */
  readonly firstAt: string;
  readonly lastAt: string;
}

type Key = string;

/**
 * Every decision the enforcement layer made for a function, counted per action, resource and
 * outcome (so memory grows with the variety of calls, not their number). It is what a
 * least-privilege report reads: granted actions that never appear here were never used.
 */
export class DecisionLog {
  readonly #records = new Map<Key, DecisionRecord>();

  record(entry: Omit<DecisionRecord, 'count' | 'firstAt' | 'lastAt'>, at = new Date()): void {
    const key = [entry.accessKeyId, entry.action, entry.resource, entry.decision].join('\u0000');
    const known = this.#records.get(key);
    const now = at.toISOString();
    this.#records.set(
      key,
      known === undefined
        ? { ...entry, count: 1, firstAt: now, lastAt: now }
        : { ...known, count: known.count + 1, lastAt: now },
    );
  }

  /** The records, of one function when `accessKeyId` is given, in the order first seen. */
  list(accessKeyId?: string): DecisionRecord[] {
    return [...this.#records.values()].filter(
      (record) => accessKeyId === undefined || record.accessKeyId === accessKeyId,
    );
  }

  clear(): void {
    this.#records.clear();
  }
}
