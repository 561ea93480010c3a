// A module that throws while it loads, as a handler does whose composition root reads a missing
// setting at its cold start.
throw new Error('initFails: told to fail while loading');

/** Never reached: the module fails first. */
export const initFails = (): Promise<void> => Promise.resolve();
