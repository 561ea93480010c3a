// A module that takes longer to load than Lambda's init phase (10 s) and the function's timeout
// (2 s) together, without using a CPU meanwhile.
Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 30_000);

/** Reached only after the invocation has timed out. */
export const initSlow = (): Promise<void> => Promise.resolve();
