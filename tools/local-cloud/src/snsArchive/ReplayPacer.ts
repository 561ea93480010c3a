import { setImmediate as nextTurn } from 'node:timers/promises';

/**
 * When a replay may take its next step. Replays run in the local cloud's own process, beside
 * every request it answers, so they yield between steps; a test can hold them at a chosen step
 * to watch `ReplayStatus` move.
 */
export interface ReplayPacer {
  /** Resolves when the replay of `subscriptionArn` may leave `Pending`. */
  beforeStart(subscriptionArn: string): Promise<void>;
  /** Resolves when it may deliver its `index`-th message (0 first). */
  beforeDelivery(subscriptionArn: string, index: number): Promise<void>;
}

// Enough to keep a replay of thousands of messages from holding up the requests for long.
const deliveriesPerTurn = 25;

/** The pacer of a running local cloud: starts on the next turn, yields every 25 deliveries. */
export const defaultReplayPacer: ReplayPacer = {
  beforeStart: async () => {
    await nextTurn();
  },
  beforeDelivery: async (_subscriptionArn, index) => {
    if (index % deliveriesPerTurn === deliveriesPerTurn - 1) await nextTurn();
  },
};
