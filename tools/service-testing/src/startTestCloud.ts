import { type LocalCloud, startLocalCloud } from '@conveyor/local-cloud';

/**
 * An in-memory local cloud on free loopback ports, for one test run.
 *
 * @example
 * ```ts
 * const cloud = await startTestCloud();
 * ```
 */
export const startTestCloud = async (): Promise<LocalCloud> =>
  startLocalCloud({ inMemory: true, ports: { fauxqs: 0, dynamodb: 0, ses: 0 } });
