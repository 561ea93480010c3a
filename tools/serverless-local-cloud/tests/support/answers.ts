import { patience } from './patience.ts';

/**
 * Whether a server answers at `url`, with anything. False at once when nothing listens there (the
 * connection is refused); a slow answer from a busy machine is waited for, bounded by the tests'
 * patience rather than by a budget a saturated CI machine could miss.
 */
export const answers = async (url: string): Promise<boolean> =>
  fetch(url, { signal: AbortSignal.timeout(patience.outcome) }).then(
    () => true,
    () => false,
  );
