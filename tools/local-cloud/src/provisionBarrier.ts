// Under npm start every service provisions its own queues, subscriptions and tables as it starts,
// in parallel. An event published before its consumer's queue is subscribed is dropped by SNS, as
// in AWS. So no service serves a request or polls a queue until every service npm start runs has
// provisioned: a folder of marks, one per service, that npm start opens anew when an in-memory
// local cloud comes back empty and every service provisions again.
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/** The variable through which npm start hands each service the barrier's folder. */
export const provisionBarrierVariable = 'CONVEYOR_PROVISION_BARRIER';

/** The variable through which npm start tells each service the name it marks itself under. */
export const provisionNameVariable = 'CONVEYOR_PROVISION_NAME';

const expectedFile = 'services.json';
const markSuffix = '.provisioned';

/**
 * Creates the barrier's folder at `dir` for `services`, with no marks: at the start, and again
 * once a local cloud that lost its state is back (every service provisions again).
 *
 * @example
 * ```ts
 * openProvisionBarrier(dir, ['checkout', 'shipping']);
 * ```
 */
export const openProvisionBarrier = (dir: string, services: readonly string[]): void => {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, expectedFile), JSON.stringify(services));
};

/**
 * Marks `service` as provisioned.
 *
 * @example
 * ```ts
 * markProvisioned(dir, 'shipping');
 * ```
 */
export const markProvisioned = (dir: string, service: string): void => {
  writeFileSync(join(dir, `${service}${markSuffix}`), new Date().toISOString());
};

/**
 * The services of the barrier at `dir` that have not provisioned yet, in its order.
 *
 * @example
 * ```ts
 * unprovisionedServices(dir); // ['shipping']
 * ```
 */
export const unprovisionedServices = (dir: string): string[] => {
  const expected = JSON.parse(readFileSync(join(dir, expectedFile), 'utf8')) as string[];
  const marked = new Set(readdirSync(dir));
  return expected.filter((service) => !marked.has(`${service}${markSuffix}`));
};

/** How `waitUntilProvisioned` waits. */
export interface ProvisionWaitOptions {
  /** Told once, naming the services still provisioning, when they take longer than `sayWaitingAfterMs`. */
  readonly onWaiting: (services: readonly string[]) => void;
  /** Default 5 s. */
  readonly sayWaitingAfterMs?: number;
  /** Default 100 ms. */
  readonly pollMs?: number;
}

/**
 * Resolves once every service of the barrier at `dir` is marked. It has no deadline of its own:
 * npm start stops and restarts a service that is not ready in time.
 *
 * @example
 * ```ts
 * await waitUntilProvisioned(dir, { onWaiting: (services) => log(services.join(', ')) });
 * ```
 */
export const waitUntilProvisioned = async (
  dir: string,
  options: ProvisionWaitOptions,
): Promise<void> => {
  const sayAt = Date.now() + (options.sayWaitingAfterMs ?? 5_000);
  let said = false;
  for (;;) {
    const missing = unprovisionedServices(dir);
    if (missing.length === 0) return;
    if (!said && Date.now() >= sayAt) {
      said = true;
      options.onWaiting(missing);
    }
    await sleep(options.pollMs ?? 100);
  }
};
