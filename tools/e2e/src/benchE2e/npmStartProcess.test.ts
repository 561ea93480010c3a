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
