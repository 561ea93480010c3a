import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
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

describe('attachOrStart with an npm start whose checkout does not answer yet', () => {
  /**
   * A local cloud whose stats name this process as npm start's supervisor: ready from read
   * `readyAt`, failing (HTTP 500) at read `failAt`, stopping from read `stopAt`.
   */
  const startingCloud = async (reads: {
    count: number;
    readyAt: number;
    failAt?: number;
    stopAt?: number;
  }) => {
    const server = createServer((_request, response) => {
      reads.count += 1;
      if (reads.count === reads.failAt) {
        response.statusCode = 500;
        response.end();
        return;
      }
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
  /** A checkout that drops every connection until `answering.from` requests have come. */
  const checkout = async (answering: { requests: number; from: number }) => {
    const server = createServer((request, response) => {
      answering.requests += 1;
      if (answering.requests < answering.from) {
        request.socket.destroy();
        return;
      }
      response.statusCode = 404;
      response.end('{}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return { server, url: `http://127.0.0.1:${String((server.address() as AddressInfo).port)}` };
  };
  const close = (server: Server) =>
    new Promise((resolve) => {
      server.closeAllConnections();
      server.close(resolve);
    });
  const options = (
    checkoutUrl: string,
    cloudEndpoint: string,
    lines: string[],
    startArgs: string[] = [],
  ) => {
    const folder = scratch();
    return {
      checkoutUrl,
      cloudEndpoint,
      repoRoot: folder,
      dataDir: join(folder, 'state'),
      logFile: join(folder, 'npm-start.log'),
      readyTimeoutMs: 60_000,
      startArgs,
      log: (line: string) => lines.push(line),
    };
  };

  it('waits until it reports ready and checkout answers, reading a failed read again, and starts nothing', async () => {
    // Prepare
    const reads = { count: 0, readyAt: 4, failAt: 2 };
    const cloud = await startingCloud(reads);
    const answering = { requests: 0, from: 3 };
    const api = await checkout(answering);
    const lines: string[] = [];

    try {
      // Act
      const system = await attachOrStart(options(api.url, cloud.endpoint, lines));

      // Assess
      expect(system.startedByBench).toBe(false);
      expect(system.pid).toBeUndefined();
      expect(reads.count).toBeGreaterThanOrEqual(4);
      expect(answering.requests).toBeGreaterThanOrEqual(3);
      expect(lines).toEqual([
        `npm start (supervisor pid ${String(process.pid)}) runs, but checkout does not answer yet: waiting up to 60 s until it does`,
      ]);
    } finally {
      await close(cloud.server);
      await close(api.server);
    }
  });

  it('waits for checkout when npm start reports ready already, as while its services restart', async () => {
    // Prepare
    const reads = { count: 0, readyAt: 1 };
    const cloud = await startingCloud(reads);
    const answering = { requests: 0, from: 4 };
    const api = await checkout(answering);

    try {
      // Act
      const system = await attachOrStart(options(api.url, cloud.endpoint, []));

      // Assess
      expect(system.startedByBench).toBe(false);
      expect(answering.requests).toBe(4);
    } finally {
      await close(cloud.server);
      await close(api.server);
    }
  });

  it('says so when it stops before it is ready', async () => {
    // Prepare
    const cloud = await startingCloud({ count: 0, readyAt: 99, stopAt: 2 });
    const api = await checkout({ requests: 0, from: 99 });

    try {
      // Act
      const attempt = attachOrStart(options(api.url, cloud.endpoint, []));

      // Assess
      await expect(attempt).rejects.toThrow(
        `The npm start found starting (supervisor pid ${String(process.pid)}) stopped before it was ready; run the bench again to start one.`,
      );
    } finally {
      await close(cloud.server);
      await close(api.server);
    }
  });

  it('refuses to start one its own way, naming the supervisor', async () => {
    // Prepare
    const cloud = await startingCloud({ count: 0, readyAt: 99 });
    const api = await checkout({ requests: 0, from: 99 });

    try {
      // Act
      const attempt = attachOrStart(options(api.url, cloud.endpoint, [], ['--in-memory']));

      // Assess
      await expect(attempt).rejects.toThrow(
        `npm start already runs (supervisor pid ${String(process.pid)}); the bench cannot start one with --in-memory. Stop it, or drop that option to measure it as it runs.`,
      );
    } finally {
      await close(cloud.server);
      await close(api.server);
    }
  });
});
