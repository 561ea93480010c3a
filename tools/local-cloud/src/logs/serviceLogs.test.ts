import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ServiceLogs } from './serviceLogs.ts';

const dirs: string[] = [];
const newDir = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'service-logs-'));
  dirs.push(dir);
  return dir;
};

afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('ServiceLogs', () => {
  it('keeps each part in a file of its own, JSON lines as printed and others wrapped', () => {
    // Prepare
    const dir = newDir();
    const logs = new ServiceLogs({
      dir,
      onError: () => undefined,
      now: () => new Date('2026-12-01T10:00:00.000Z'),
    });
    const checkout = logs.lineWriter('checkout');
    const cloud = logs.lineWriter('local cloud');

    // Act
    checkout('{"level":"INFO","message":"Order placed","orderId":"ord-1"}');
    checkout('POST /checkout (λ: postCheckout)');
    cloud('local cloud ready');
    logs.lineWriter('checkout')('{"level":"INFO","message":"again"}');
    logs.close();

    // Assess
    expect(readFileSync(join(dir, 'checkout.log'), 'utf8').split('\n')).toEqual([
      '{"level":"INFO","message":"Order placed","orderId":"ord-1"}',
      '{"capturedAt":"2026-12-01T10:00:00.000Z","output":"POST /checkout (λ: postCheckout)"}',
      '{"level":"INFO","message":"again"}',
      '',
    ]);
    expect(readFileSync(join(dir, 'local-cloud.log'), 'utf8')).toContain('local cloud ready');
    expect(logs.bound).toBe('3 files of 5 MiB');
  });

  it('says once that a file cannot be written, and drops that part’s lines without throwing', () => {
    // Prepare: the folder is a file, so nothing can be created in it.
    const dir = join(newDir(), 'not-a-folder');
    writeFileSync(dir, '');
    const errors: string[] = [];
    const logs = new ServiceLogs({ dir, onError: (message) => errors.push(message) });
    const keep = logs.lineWriter('shipping');

    // Act
    keep('{"message":"one"}');
    keep('{"message":"two"}');
    logs.close();

    // Assess
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(
      /^cannot write .*shipping\.log \(.+\); shipping's output is no longer kept\.$/,
    );
  });
});
