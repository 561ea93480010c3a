import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  markProvisioned,
  openProvisionBarrier,
  unprovisionedServices,
  waitUntilProvisioned,
} from './provisionBarrier.ts';

const dirs: string[] = [];
const barrier = (services: string[]): string => {
  const parent = mkdtempSync(join(tmpdir(), 'provision-barrier-'));
  dirs.push(parent);
  const dir = join(parent, 'barrier');
  openProvisionBarrier(dir, services);
  return dir;
};
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('the provision barrier', () => {
  it('names the services not yet marked, in order, until each is', () => {
    // Prepare
    const dir = barrier(['checkout', 'inventory', 'shipping']);

    // Act
    const before = unprovisionedServices(dir);
    markProvisioned(dir, 'inventory');
    const between = unprovisionedServices(dir);
    markProvisioned(dir, 'shipping');
    markProvisioned(dir, 'checkout');

    // Assess
    expect(before).toEqual(['checkout', 'inventory', 'shipping']);
    expect(between).toEqual(['checkout', 'shipping']);
    expect(unprovisionedServices(dir)).toEqual([]);
  });

  it('opens anew with no marks, as after an in-memory restart, even where its folder is gone', () => {
    // Prepare
    const dir = barrier(['checkout', 'shipping']);
    markProvisioned(dir, 'checkout');
    markProvisioned(dir, 'shipping');

    // Act
    openProvisionBarrier(dir, ['checkout', 'shipping']);
    const reopened = unprovisionedServices(dir);
    rmSync(dir, { recursive: true, force: true });
    openProvisionBarrier(dir, ['checkout', 'shipping']);

    // Assess
    expect(reopened).toEqual(['checkout', 'shipping']);
    expect(unprovisionedServices(dir)).toEqual(['checkout', 'shipping']);
  });

  it('waits until the last service is marked, saying once which it waits for', async () => {
    // Prepare
    const dir = barrier(['checkout', 'shipping']);
    markProvisioned(dir, 'checkout');
    const said: string[][] = [];
    let resolved = false;

    // Act
    const waiting = waitUntilProvisioned(dir, {
      sayWaitingAfterMs: 0,
      pollMs: 5,
      onWaiting: (services) => said.push([...services]),
    }).then(() => {
      resolved = true;
    });
    while (said.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    const resolvedBeforeMark = resolved;
    markProvisioned(dir, 'shipping');
    await waiting;

    // Assess
    expect(resolvedBeforeMark).toBe(false);
    expect(said).toEqual([['shipping']]);
  });
});
