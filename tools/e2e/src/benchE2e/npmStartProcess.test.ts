import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { attachOrStart, printedReady, SystemRunningError } from './npmStartProcess.ts';

const folders: string[] = [];
const scratch = (): string => {
  const folder = mkdtempSync(join(tmpdir(), 'npm-start-process-'));
  folders.push(folder);
  return folder;
};
afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

describe('printedReady', () => {
  it("reads the supervisor's ready line, not a service's nor a missing file", () => {
    // Prepare
    const folder = scratch();
    const serviceOnly = join(folder, 'service-only.log');
    writeFileSync(serviceOnly, '[checkout   ] Server ready: http://127.0.0.1:3001 🚀\n');
    const ready = join(folder, 'ready.log');
    writeFileSync(ready, '[email      ] Server ready: http://127.0.0.1:3004\n6 services ready.\n');

    // Act
    const results = [serviceOnly, ready, join(folder, 'none.log')].map(printedReady);

    // Assess
    expect(results).toEqual([false, true, false]);
  });
});

describe('attachOrStart', () => {
  it('refuses to start a system its own way when one answers already, naming the options', async () => {
    // Prepare: something answers where checkout would.
    const server = createServer((_request, response) => response.end('{}'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const folder = scratch();

    try {
      // Act
      const attempt = attachOrStart({
        checkoutUrl: `http://127.0.0.1:${String(port)}`,
        cloudEndpoint: 'http://127.0.0.1:9',
        repoRoot: folder,
        dataDir: join(folder, 'state'),
        logFile: join(folder, 'npm-start.log'),
        readyTimeoutMs: 1_000,
        startArgs: ['--in-memory', '--no-iam'],
        log: () => undefined,
      });

      // Assess
      await expect(attempt).rejects.toBeInstanceOf(SystemRunningError);
      await expect(attempt).rejects.toThrow(
        `npm start already answers on http://127.0.0.1:${String(port)}; the bench cannot start one with --in-memory --no-iam. Stop it, or drop those options to measure it as it runs.`,
      );
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

describe('attachOrStart with an npm start still starting', () => {
  /** A local cloud whose stats name this process as npm start's supervisor, ready from `readyAt`. */
  const startingCloud = async (reads: { count: number; readyAt: number; stopAt?: number }) => {
    const server = createServer((_request, response) => {
      reads.count += 1;
      const report = {
        pid: process.pid,
        parentPid: process.ppid,
        startedAt: new Date().toISOString(),
        functions: [],
        unreadLines: 0,
        receivedAt: new Date().toISOString(),
        ...(reads.count >= reads.readyAt ? { readyAfterMs: 8_000 } : {}),
        ...(reads.stopAt !== undefined && reads.count >= reads.stopAt ? { stopping: true } : {}),
      };
      response.setHeader('content-type', 'application/json');
      response.end(JSON.stringify({ requests: [], npmStart: report }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return {
      server,
      endpoint: `http://127.0.0.1:${String((server.address() as AddressInfo).port)}`,
    };
  };
  const options = (cloudEndpoint: string, lines: string[], startArgs: string[] = []) => {
    const folder = scratch();
    return {
      // Nothing answers on port 9 (discard): checkout is not up yet.
      checkoutUrl: 'http://127.0.0.1:9',
      cloudEndpoint,
      repoRoot: folder,
      dataDir: join(folder, 'state'),
      logFile: join(folder, 'npm-start.log'),
      readyTimeoutMs: 60_000,
      startArgs,
      log: (line: string) => lines.push(line),
    };
  };

  it('waits until it is ready and attaches, starting nothing', async () => {
    // Prepare
    const reads = { count: 0, readyAt: 3 };
    const { server, endpoint } = await startingCloud(reads);
    const lines: string[] = [];

    try {
      // Act
      const system = await attachOrStart(options(endpoint, lines));

      // Assess
      expect(system.startedByBench).toBe(false);
      expect(system.pid).toBeUndefined();
      expect(reads.count).toBe(3);
      expect(lines).toEqual([
        `npm start (supervisor pid ${String(process.pid)}) is starting: waiting up to 60 s until it is ready`,
      ]);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('says so when it stops before it is ready', async () => {
    // Prepare
    const { server, endpoint } = await startingCloud({ count: 0, readyAt: 99, stopAt: 2 });

    try {
      // Act
      const attempt = attachOrStart(options(endpoint, []));

      // Assess
      await expect(attempt).rejects.toThrow(
        `The npm start found starting (supervisor pid ${String(process.pid)}) stopped before it was ready; run the bench again to start one.`,
      );
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('refuses to start one its own way, naming the supervisor', async () => {
    // Prepare
    const { server, endpoint } = await startingCloud({ count: 0, readyAt: 99 });

    try {
      // Act
      const attempt = attachOrStart(options(endpoint, [], ['--in-memory']));

      // Assess
      await expect(attempt).rejects.toThrow(
        `npm start already runs (supervisor pid ${String(process.pid)}); the bench cannot start one with --in-memory. Stop it, or drop that option to measure it as it runs.`,
      );
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
