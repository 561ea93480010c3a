import { afterAll, beforeAll } from 'vitest';
import { type LocalCloud, startLocalCloud } from '../../src/index.ts';
import { type LocalClients, localClients } from './localClients.ts';

/** A test file's in-memory local cloud, reached through `clients` once it has started. */
export interface InMemoryCloud {
  readonly clients: LocalClients;
}

/**
 * Starts an in-memory local cloud on free ports before the file's tests and stops it after them,
 * when one fails too. Call it at the top of a test file.
 *
 * @example
 * ```ts
 * const local = inMemoryCloud();
 * it('...', async () => { await local.clients.sqs.send(command); });
 * ```
 */
export const inMemoryCloud = (): InMemoryCloud => {
  let cloud: LocalCloud | undefined;
  let clients: LocalClients | undefined;
  beforeAll(async () => {
    cloud = await startLocalCloud({ inMemory: true, ports: { fauxqs: 0, dynamodb: 0, ses: 0 } });
    clients = localClients(cloud.endpoints);
  });
  afterAll(async () => {
    clients?.destroy();
    await cloud?.stop();
  });
  return {
    get clients(): LocalClients {
      if (clients === undefined) throw new Error('the local cloud is not started yet');
      return clients;
    },
  };
};
