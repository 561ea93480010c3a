import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { TraceError } from './errors.ts';
import { LocalLogSource } from './localLogSource.ts';
import { shippedOrder, shippedOrderLog } from './testing/shippedOrderLog.ts';

const dirs: string[] = [];
const newDir = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'trace-logs-'));
  dirs.push(dir);
  return dir;
};

afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const writeLog = (dir: string, file: string, lines: readonly string[]): void => {
  writeFileSync(join(dir, file), `${lines.join('\n')}\n`);
};

describe('LocalLogSource', () => {
  it('finds the function lines naming an id in every service file, with their service and time', async () => {
    // Prepare
    const dir = newDir();
    for (const [service, lines] of Object.entries(shippedOrderLog)) {
      writeLog(dir, `${service}.log`, lines);
    }
    writeLog(dir, 'local-cloud.log', [
      '{"capturedAt":"2026-12-01T23:25:48.419Z","output":"ready"}',
    ]);

    // Act
    const found = await new LocalLogSource(dir).find([shippedOrder.orderId]);

    // Assess
    expect(found.records).toHaveLength(17);
    expect(new Set(found.records.map((record) => record.service))).toEqual(
      new Set(['checkout', 'email', 'inventory', 'marketing', 'shipping']),
    );
    const placed = found.records.find((record) => record.fields['message'] === 'Order placed');
    expect(placed).toMatchObject({
      service: 'checkout',
      time: new Date('2026-12-01T23:26:54.801Z'),
      fields: { route: 'POST /checkout', eventId: shippedOrder.placedEventId },
    });
  });

  it("reads serverless-offline's invocation and request lines with the time they were captured", async () => {
    // Prepare
    const dir = newDir();
    writeLog(dir, 'checkout.log', shippedOrderLog['checkout'] ?? []);
    writeLog(dir, 'shipping.log', [
      '{"capturedAt":"2026-12-01T10:00:00.000Z","output":"(λ: onInventoryReserved) RequestId: r-9  timed out after 10000 ms; its worker thread was stopped"}',
    ]);

    // Act
    const { invocations, requests } = await new LocalLogSource(dir).find(['nothing-matches']);

    // Assess
    expect(requests).toEqual([
      {
        service: 'checkout',
        method: 'POST',
        path: '/checkout',
        functionName: 'postCheckout',
        time: new Date('2026-12-01T23:26:53.551Z'),
      },
      {
        service: 'checkout',
        method: 'POST',
        path: '/checkout',
        functionName: 'postCheckout',
        time: new Date('2026-12-01T23:26:55.040Z'),
      },
    ]);
    expect(invocations).toContainEqual({
      service: 'checkout',
      functionName: 'onOrderProgress',
      requestId: 'id-0004',
      time: new Date('2026-12-01T23:26:58.189Z'),
      durationMs: 463.42,
      timedOut: false,
    });
    expect(invocations).toContainEqual({
      service: 'shipping',
      functionName: 'onInventoryReserved',
      requestId: 'r-9',
      time: new Date('2026-12-01T10:00:00.000Z'),
      durationMs: 10_000,
      timedOut: true,
    });
  });

  it('reads rotated files oldest first, and dates a line without a timestamp by the last capture', async () => {
    // Prepare
    const dir = newDir();
    writeLog(dir, 'email.log.2', [
      '{"message":"first","orderId":"o-1","timestamp":"2026-12-01T10:00:00.000Z"}',
    ]);
    writeLog(dir, 'email.log.1', [
      '{"message":"second","orderId":"o-1","timestamp":"2026-12-01T10:00:01.000Z"}',
    ]);
    writeLog(dir, 'email.log', [
      '{"capturedAt":"2026-12-01T10:00:02.000Z","output":"something offline said"}',
      '{"message":"third","orderId":"o-1"}',
      'not json at all o-1',
    ]);

    // Act
    const { records } = await new LocalLogSource(dir).find(['o-1']);

    // Assess
    expect(records.map((record) => [record.fields['message'], record.time.toISOString()])).toEqual([
      ['first', '2026-12-01T10:00:00.000Z'],
      ['second', '2026-12-01T10:00:01.000Z'],
      ['third', '2026-12-01T10:00:02.000Z'],
    ]);
  });

  it('says where the logs should be when the folder is missing or empty', async () => {
    // Prepare
    const missing = join(newDir(), 'logs');
    const empty = newDir();

    // Act
    const [noFolder, noFiles] = await Promise.allSettled([
      new LocalLogSource(missing).find(['x']),
      new LocalLogSource(empty).find(['x']),
    ]);

    // Assess
    expect(noFolder).toMatchObject({
      status: 'rejected',
      reason: expect.any(TraceError) as unknown,
    });
    expect(String((noFolder as PromiseRejectedResult).reason)).toContain(
      `No logs in ${missing}: npm start keeps every service's log lines there`,
    );
    expect(String((noFiles as PromiseRejectedResult).reason)).toContain(`No log files in ${empty}`);
  });

  it('says it cannot read the logs, in one TraceError, where --logs-dir is a file or holds a folder as a log', async () => {
    // Prepare
    const dir = newDir();
    writeLog(dir, 'notes.txt', ['not a folder']);
    const withFolder = newDir();
    mkdirSync(join(withFolder, 'checkout.log'));

    // Act
    const fromFile = new LocalLogSource(join(dir, 'notes.txt')).find(['ord-1']);
    const fromFolder = new LocalLogSource(withFolder).find(['ord-1']);

    // Assess
    await expect(fromFile).rejects.toThrow(TraceError);
    await expect(fromFile).rejects.toThrow(
      /^Cannot read the logs in .*notes\.txt: ENOTDIR\. --logs-dir takes the folder/,
    );
    await expect(fromFolder).rejects.toThrow(
      /^Cannot read the logs in .* \(.*checkout\.log\): EISDIR\. --logs-dir takes the folder/,
    );
  });
});
