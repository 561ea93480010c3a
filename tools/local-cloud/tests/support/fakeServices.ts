import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePorts } from '../../src/freePorts.ts';

const fakeService = fileURLToPath(new URL('../fixtures/fakeService.ts', import.meta.url));

/** A free loopback port (free when this returns; tests bind it soon after). */
export const freePort = async (): Promise<number> => {
  const [port] = await freePorts(1);
  if (port === undefined) throw new Error('No free port was found.');
  return port;
};

/** A new, empty services directory for `npm start --services-dir`. */
export const newServicesDir = (): string => mkdtempSync(join(tmpdir(), 'local-cloud-services-'));

/** Writes `<dir>/<name>/project.json` with these contents (and the name). */
export const addService = (dir: string, name: string, project: Record<string, unknown>): void => {
  mkdirSync(join(dir, name));
  writeFileSync(join(dir, name, 'project.json'), JSON.stringify({ name, ...project }));
};

/**
 * Adds a service whose offline target runs fixtures/fakeService.ts in `mode` on free ports (or
 * on `httpPort`); returns its HTTP port.
 */
export const addFakeService = async (
  dir: string,
  name: string,
  mode: string,
  { httpPort }: { readonly httpPort?: number } = {},
): Promise<number> => {
  const [http, lambda] = [httpPort ?? (await freePort()), await freePort()];
  addService(dir, name, {
    targets: { offline: { command: `node '${fakeService}' ${mode} ${http}` } },
    metadata: { localPorts: { http, lambda } },
  });
  return http;
};
