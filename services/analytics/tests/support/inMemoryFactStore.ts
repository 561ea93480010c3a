// In-memory implementation of analytics' fact ports, for domain unit tests. Every call yields to
// the event loop first, so calls started together interleave as they would against DynamoDB;
// each conditional write or update is then one synchronous step, atomic as DynamoDB's are.
import type {
  DayEntry,
  ListDayEntries,
  Milestones,
  NoteMilestone,
  SaveDayEntry,
} from '../../src/domain/orderFact.ts';

const tick = async (): Promise<void> =>
  new Promise((resolve) => {
    setImmediate(resolve);
  });

/** A write port of the store. */
export type StorePort = 'saveDayEntry' | 'noteMilestone';

/** Decides, call by call, whether a write fails (before writing anything), as a dependency may. */
export type FailWhen = (port: StorePort) => boolean;

/** Fails the next `count` calls of `port`. */
export const failNext =
  (port: StorePort, count: number): FailWhen =>
  (called) => {
    if (called !== port || count === 0) return false;
    count -= 1;
    return true;
  };

export const inMemoryFactStore = (failWhen: FailWhen = () => false) => {
  const days = new Map<string, Map<string, DayEntry>>();
  const milestones = new Map<string, Milestones>();
  const stats = { writes: 0, duplicates: 0 };
  const failIfFaulty = (port: StorePort) => {
    if (failWhen(port)) throw new Error(`${port} failed (injected)`);
  };
  const saveDayEntry: SaveDayEntry = async (entry) => {
    await tick();
    failIfFaulty('saveDayEntry');
    const day = days.get(entry.day) ?? new Map<string, DayEntry>();
    days.set(entry.day, day);
    const key = `${entry.kind}#${entry.orderId}`;
    if (day.has(key)) {
      stats.duplicates += 1;
      return 'duplicate';
    }
    stats.writes += 1;
    day.set(key, structuredClone(entry));
    return 'recorded';
  };
  const noteMilestone: NoteMilestone = async (orderId, milestone, at) => {
    await tick();
    failIfFaulty('noteMilestone');
    const current = milestones.get(orderId) ?? {};
    const updated = { ...current, [milestone]: current[milestone] ?? at };
    milestones.set(orderId, updated);
    return structuredClone(updated);
  };
  const listDayEntries: ListDayEntries = async (day) => {
    await tick();
    return structuredClone([...(days.get(day)?.values() ?? [])]);
  };
  return { days, milestones, stats, saveDayEntry, noteMilestone, listDayEntries };
};
