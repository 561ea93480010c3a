import { isRecord, toArray } from './isRecord.ts';

/** What a subscription's filter policy does with `eventType`. */
export type EventTypeFilter =
  /** No `eventType` condition: every event on the topic passes. */
  | { readonly kind: 'all' }
  /** Only these exact event types pass. */
  | { readonly kind: 'listed'; readonly eventTypes: readonly string[] }
  /** A condition the checks cannot enumerate (prefix, anything-but, a malformed policy). */
  | { readonly kind: 'unreadable'; readonly reason: string };

const parsePolicy = (policy: unknown): unknown => {
  if (typeof policy !== 'string') return policy;
  try {
    return JSON.parse(policy) as unknown;
  } catch {
    return Symbol.for('unparseable');
  }
};

const readBranch = (branch: Readonly<Record<string, unknown>>): EventTypeFilter => {
  if (!('eventType' in branch)) return { kind: 'all' };
  const eventTypes: string[] = [];
  for (const value of toArray(branch.eventType)) {
    if (typeof value !== 'string') {
      return {
        kind: 'unreadable',
        reason: `eventType matcher ${JSON.stringify(value)} is not an exact event type`,
      };
    }
    eventTypes.push(value);
  }
  return { kind: 'listed', eventTypes };
};

// Conditions of one policy object are ANDed, so a branch of `$or` also obeys the keys beside `$or`.
const both = (left: EventTypeFilter, right: EventTypeFilter): EventTypeFilter => {
  if (left.kind === 'unreadable' || right.kind === 'all') return left;
  if (right.kind === 'unreadable' || left.kind === 'all') return right;
  return {
    kind: 'listed',
    eventTypes: left.eventTypes.filter((eventType) => right.eventTypes.includes(eventType)),
  };
};

/**
 * The event types a subscription's `FilterPolicy` lets through. Both scopes put `eventType` at the
 * top level: as a message attribute (`MessageAttributes`) and as the envelope field
 * (`MessageBody`). A `$or` policy lets through the union of its branches.
 *
 * @example
 * ```ts
 * filterPolicyEventTypes({ eventType: ['order.placed'] }); // { kind: 'listed', eventTypes: ['order.placed'] }
 * ```
 */
export const filterPolicyEventTypes = (filterPolicy: unknown): EventTypeFilter => {
  if (filterPolicy === undefined) return { kind: 'all' };
  const policy = parsePolicy(filterPolicy);
  if (!isRecord(policy)) return { kind: 'unreadable', reason: 'FilterPolicy is not a JSON object' };
  const { $or: alternatives, ...common } = policy;
  const shared = readBranch(common);
  if (alternatives === undefined) return shared;
  const eventTypes = new Set<string>();
  for (const branch of toArray(alternatives)) {
    if (!isRecord(branch)) return { kind: 'unreadable', reason: '$or holds a non-object' };
    const filter = both(shared, readBranch(branch));
    if (filter.kind !== 'listed') return filter;
    for (const eventType of filter.eventTypes) eventTypes.add(eventType);
  }
  return { kind: 'listed', eventTypes: [...eventTypes] };
};
