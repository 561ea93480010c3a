import { readServiceLogs } from './serviceOutput.ts';
import { waitFor, type WaitForOptions } from './waitFor.ts';

const handledMessage = 'Event handled';

/** Narrows {@link timesHandled} and {@link waitForTimesHandled}. */
export interface TimesHandledOptions {
  /**
   * Counts only the lines of this function (`function_name` ending in `-<functionKey>`), for a
   * service with more than one consumer of the same event. Default: every function's.
   */
  readonly functionKey?: string;
}

/**
 * How many times each of `eventIds` has a toolkit `Event handled` line (Powertools JSON carrying
 * the `eventId`) among `lines`, such as `readServiceLogs` gives.
 *
 * @example
 * ```ts
 * countHandled(await readServiceLogs(outputUrl), [eventId], { functionKey: 'onOrderPlaced' });
 * ```
 */
export const countHandled = (
  lines: readonly Record<string, unknown>[],
  eventIds: readonly string[],
  { functionKey }: TimesHandledOptions = {},
): Record<string, number> => {
  const counts = Object.fromEntries(eventIds.map((eventId) => [eventId, 0]));
  for (const { message, eventId, function_name: functionName } of lines) {
    if (message !== handledMessage || typeof eventId !== 'string') continue;
    if (!Object.hasOwn(counts, eventId)) continue;
    if (
      functionKey !== undefined &&
      !(typeof functionName === 'string' && functionName.endsWith(`-${functionKey}`))
    ) {
      continue;
    }
    counts[eventId] = (counts[eventId] ?? 0) + 1;
  }
  return counts;
};

/**
 * How many times a service logged the toolkit's `Event handled` line for each of `eventIds`, in
 * its offline output served at `outputUrl` (`inject('<name>OutputUrl')`): see
 * {@link countHandled}. Every delivery handled without error logs it once, one the idempotency
 * record answers too, so a replayed copy shows as one more.
 *
 * @example
 * ```ts
 * const before = await timesHandled(inject('shippingOutputUrl'), [reserved.eventId]);
 * ```
 */
export const timesHandled = async (
  outputUrl: string,
  eventIds: readonly string[],
  options: TimesHandledOptions = {},
): Promise<Record<string, number>> =>
  countHandled(await readServiceLogs(outputUrl), eventIds, options);

/**
 * Waits until the service has handled each event of `atLeast` at least that many times (see
 * {@link timesHandled}), and returns the counts then. Before a replay, it makes sure the first
 * delivery's line is in the output; after it, that the replayed copy was consumed, which is what
 * to wait for before asserting that it changed nothing. Bounded like {@link waitFor}.
 *
 * @example
 * ```ts
 * const before = await waitForTimesHandled(outputUrl, { [eventId]: 1 });
 * await replayToQueue(clients, queue, from);
 * const after = await waitForTimesHandled(outputUrl, { [eventId]: (before[eventId] ?? 0) + 1 });
 * ```
 */
export const waitForTimesHandled = (
  outputUrl: string,
  atLeast: Readonly<Record<string, number>>,
  { functionKey, ...options }: Partial<WaitForOptions> & TimesHandledOptions = {},
): Promise<Record<string, number>> => {
  const filter: TimesHandledOptions = functionKey === undefined ? {} : { functionKey };
  return waitFor(
    async () => {
      const counts = await timesHandled(outputUrl, Object.keys(atLeast), filter);
      const enough = Object.entries(atLeast).every(([id, times]) => (counts[id] ?? 0) >= times);
      return enough ? counts : undefined;
    },
    {
      ...options,
      description:
        options.description ??
        `events handled at least ${Object.entries(atLeast)
          .map(([id, times]) => `${id} ×${String(times)}`)
          .join(', ')}${functionKey === undefined ? '' : ` by ${functionKey}`}`,
    },
  );
};
