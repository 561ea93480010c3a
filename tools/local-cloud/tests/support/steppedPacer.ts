import type { ReplayPacer } from '../../src/index.ts';

/** A replay pacer a test holds at a chosen step, then lets go. */
export interface SteppedPacer extends ReplayPacer {
  /** Holds every replay in Pending until `release`. */
  holdStart(): void;
  /** Holds every replay before its `index`-th delivery (0 first) until `release`. */
  holdDeliveriesFrom(index: number): void;
  /** Lets every held replay go on, and holds nothing from now on. */
  release(): void;
}

export const steppedPacer = (): SteppedPacer => {
  let holdingStart = false;
  let holdingFrom = Number.POSITIVE_INFINITY;
  let waiting: (() => void)[] = [];
  const held = (): Promise<void> =>
    new Promise((resolve) => {
      waiting.push(resolve);
    });
  return {
    beforeStart: () => (holdingStart ? held() : Promise.resolve()),
    beforeDelivery: (_subscriptionArn, index) =>
      index >= holdingFrom ? held() : Promise.resolve(),
    holdStart: () => {
      holdingStart = true;
    },
    holdDeliveriesFrom: (index) => {
      holdingFrom = index;
    },
    release: () => {
      holdingStart = false;
      holdingFrom = Number.POSITIVE_INFINITY;
      const released = waiting;
      waiting = [];
      for (const resolve of released) resolve();
    },
  };
};
