import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setImmediate as nextTurn, setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import {
  type ServiceProcess,
  ServiceStartError,
  startServiceProcess,
  waitUntilReady,
} from '../src/serviceProcess.ts';
import { freePort } from './support/fakeServices.ts';
import { isAlive } from './support/runScript.ts';
import { patience } from './support/patience.ts';
import { waitFor } from './support/waitFor.ts';

const fakeService = fileURLToPath(new URL('fixtures/fakeService.ts', import.meta.url));

const started: ServiceProcess[] = [];

afterEach(async () => {
  await Promise.all(started.map((service) => service.stop()));
  started.length = 0;
});

const startFake = (mode: string, port: number, lines: string[] = [], stopGraceMs?: number) => {
  const service = startServiceProcess({
    name: `fake-${mode}`,
    command: process.execPath,
    args: [fakeService, mode, String(port)],
    cwd: process.cwd(),
    env: process.env,
    onLine: (line) => lines.push(line),
    ...(stopGraceMs === undefined ? {} : { stopGraceMs }),
  });
  started.push(service);
  return service;
};

const grandchildPid = async (lines: readonly string[]): Promise<number> => {
  for (let attempt = 0; attempt < 100; attempt += 1) {
    const line = lines.find((text) => text.startsWith('grandchild '));
    if (line !== undefined) return Number(line.split(' ')[1]);
    await sleep(50);
  }
  throw new Error(`no grandchild pid in ${lines.join('\n')}`);
};

describe('startServiceProcess and waitUntilReady', () => {
  it('is ready on "Server ready", and stop leaves neither the child nor its grandchild', async () => {
    // Prepare
    const lines: string[] = [];
    const service = startFake('ready', await freePort(), lines);
    await waitUntilReady(service, { timeoutMs: patience.startup });
    const grandchild = await grandchildPid(lines);
    const aliveBefore = [isAlive(service.pid), isAlive(grandchild)];

    // Act
    await service.stop();

    // Assess
    expect(aliveBefore).toEqual([true, true]);
    expect(isAlive(service.pid)).toBe(false);
    expect(isAlive(grandchild)).toBe(false);
    expect(service.hasExited()).toBe(true);
  });

  it('is ready when the HTTP port answers, even without the ready line', async () => {
    // Prepare
    const port = await freePort();
    const service = startFake('quiet', port);

    // Act
    const ready = waitUntilReady(service, { httpPort: port, timeoutMs: patience.startup });

    // Assess
    await expect(ready).resolves.toBeUndefined();
    expect(service.printedReady()).toBe(false);
  });

  it('names a service that exits before it is ready and shows its last output', async () => {
    // Prepare
    const port = await freePort();
    const service = startFake('crash', port);

    // Act
    const ready = waitUntilReady(service, { httpPort: port, timeoutMs: patience.startup });

    // Assess
    await expect(ready).rejects.toThrow(ServiceStartError);
    await expect(ready).rejects.toThrow(
      /^Service fake-crash exited with code 3 before it was ready\. Its last output:\n(.|\n)*\| boom: cannot compile handler/,
    );
  });

  it('gives up after the timeout, naming the service', async () => {
    // Prepare
    const port = await freePort();
    const service = startFake('never', port);

    // Act
    const ready = waitUntilReady(service, { httpPort: port, timeoutMs: 1_500 });

    // Assess
    await expect(ready).rejects.toThrow(/^Service fake-never was not ready within 2 s\./);
  });

  it('kills a service that ignores SIGTERM once the grace period is over', async () => {
    // Prepare
    const lines: string[] = [];
    const service = startFake('stubborn', await freePort(), lines, 500);
    await waitUntilReady(service, { timeoutMs: patience.startup });
    const grandchild = await grandchildPid(lines);

    // Act
    await service.stop();

    // Assess
    expect(lines).toContain('ignoring SIGTERM');
    expect(isAlive(service.pid)).toBe(false);
    expect(isAlive(grandchild)).toBe(false);
    expect((await service.exited).signal).toBe('SIGKILL');
  });

  it('also stops a descendant that left the process group', async () => {
    // Prepare
    const lines: string[] = [];
    const service = startFake('escape', await freePort(), lines);
    await waitUntilReady(service, { timeoutMs: patience.startup });
    const grandchild = await grandchildPid(lines);

    // Act
    await service.stop();

    // Assess
    expect(isAlive(service.pid)).toBe(false);
    expect(isAlive(grandchild)).toBe(false);
  });

  it.runIf(process.platform !== 'win32')(
    'keeps its event loop turning while ps lists the descendants to stop',
    async () => {
      // Prepare: a ps that lists only once the test lets it, which the test can do only if
      // stop() left the event loop free. A stop that waited for ps in a blocking call would
      // see it time out, find no descendant, and leave the one outside the group running.
      const lines: string[] = [];
      const service = startFake('escape', await freePort(), lines);
      await waitUntilReady(service, { timeoutMs: patience.startup });
      const grandchild = await grandchildPid(lines);
      const realPs = execFileSync('sh', ['-c', 'command -v ps'], { encoding: 'utf8' }).trim();
      const dir = mkdtempSync(join(tmpdir(), 'slow-ps-'));
      const go = join(dir, 'go');
      writeFileSync(
        join(dir, 'ps'),
        `#!/bin/sh\nwhile [ ! -e '${go}' ]; do sleep 0.05; done\nexec '${realPs}' "$@"\n`,
      );
      chmodSync(join(dir, 'ps'), 0o755);
      const path = process.env.PATH;
      process.env.PATH = `${dir}:${path ?? ''}`;

      try {
        // Act
        const stopping = service.stop();
        await nextTurn();
        writeFileSync(go, '');
        await stopping;

        // Assess
        expect(isAlive(service.pid)).toBe(false);
        expect(isAlive(grandchild)).toBe(false);
      } finally {
        process.env.PATH = path;
        rmSync(dir, { recursive: true, force: true });
        if (isAlive(grandchild)) process.kill(grandchild, 'SIGKILL');
      }
    },
  );

  it('stops a descendant noted while it ran, after the direct child already died', async () => {
    // Prepare
    const lines: string[] = [];
    const service = startFake('escape', await freePort(), lines);
    await waitUntilReady(service, { timeoutMs: patience.startup });
    const grandchild = await grandchildPid(lines);
    await service.noteDescendants();
    process.kill(service.pid, 'SIGKILL');
    await service.exited;
    const orphanAlive = isAlive(grandchild);

    // Act
    await service.stop();

    // Assess
    expect(orphanAlive).toBe(true);
    expect(isAlive(grandchild)).toBe(false);
  });

  it('passes on every line the service prints but the blank ones', async () => {
    // Prepare
    const lines: string[] = [];

    // Act
    const service = startServiceProcess({
      name: 'chatty',
      command: process.execPath,
      args: [
        '-e',
        String.raw`console.log('first\n\n   \n\tsecond'); console.error(''); console.error('last')`,
      ],
      cwd: process.cwd(),
      env: process.env,
      onLine: (line) => lines.push(line),
    });
    started.push(service);
    await service.exited;
    await waitFor(() => lines.includes('last'), 'the last line');

    // Assess
    expect(lines.filter((line) => line !== 'last')).toEqual(['first', '\tsecond']);
  });

  it('reports a command that cannot be started', async () => {
    // Prepare
    const service = startServiceProcess({
      name: 'missing',
      command: '/nonexistent/command',
      args: [],
      cwd: process.cwd(),
      env: process.env,
      onLine: () => undefined,
    });
    started.push(service);

    // Act
    const ready = waitUntilReady(service, { timeoutMs: patience.startup });

    // Assess
    await expect(ready).rejects.toThrow(
      /^Service missing could not be started \(spawn \/nonexistent\/command ENOENT\)/,
    );
  });
});
