import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { RotatingLogFile } from './rotatingLogFile.ts';

const dirs: string[] = [];
const newDir = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'rotating-log-'));
  dirs.push(dir);
  return dir;
};

afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const linesOf = (path: string): string[] =>
  existsSync(path) ? readFileSync(path, 'utf8').split('\n').filter(Boolean) : [];

describe('RotatingLogFile', () => {
  it('appends lines to <dir>/<name>.log, creating the folder', () => {
    // Prepare
    const dir = join(newDir(), 'nested', 'logs');
    const log = new RotatingLogFile({ dir, name: 'checkout' });

    // Act
    log.write('{"message":"one"}');
    log.write('{"message":"two"}');
    log.close();

    // Assess
    expect(log.path).toBe(join(dir, 'checkout.log'));
    expect(linesOf(log.path)).toEqual(['{"message":"one"}', '{"message":"two"}']);
  });

  it('rotates at maxBytes and keeps at most `files` files, dropping the oldest lines', () => {
    // Prepare: 10-byte lines ("line-NNNN\n"), 30 bytes a file, 3 files.
    const dir = newDir();
    const log = new RotatingLogFile({ dir, name: 'inventory', maxBytes: 30, files: 3 });
    const written = Array.from(
      { length: 20 },
      (_, index) => `line-${String(index).padStart(4, '0')}`,
    );

    // Act
    for (const line of written) log.write(line);
    log.close();

    // Assess
    const [current, first, second, third] = [0, 1, 2, 3].map((index) =>
      join(dir, index === 0 ? 'inventory.log' : `inventory.log.${index}`),
    ) as [string, string, string, string];
    expect(existsSync(third)).toBe(false);
    expect(linesOf(second)).toEqual(['line-0012', 'line-0013', 'line-0014']);
    expect(linesOf(first)).toEqual(['line-0015', 'line-0016', 'line-0017']);
    expect(linesOf(current)).toEqual(['line-0018', 'line-0019']);
    for (const path of [current, first, second])
      expect(statSync(path).size).toBeLessThanOrEqual(30);
    expect(log.paths()).toEqual([current, first, second]);
  });

  it('appends to the file an earlier run left, and rotates one left over the bound first', () => {
    // Prepare
    const dir = newDir();
    writeFileSync(join(dir, 'email.log'), 'old-0001\nold-0002\n');
    writeFileSync(join(dir, 'shipping.log'), 'x'.repeat(40));
    const email = new RotatingLogFile({ dir, name: 'email', maxBytes: 100 });
    const shipping = new RotatingLogFile({ dir, name: 'shipping', maxBytes: 30 });

    // Act
    email.write('new-0003');
    shipping.write('new-0001');
    email.close();
    shipping.close();

    // Assess
    expect(linesOf(join(dir, 'email.log'))).toEqual(['old-0001', 'old-0002', 'new-0003']);
    expect(linesOf(join(dir, 'shipping.log'))).toEqual(['new-0001']);
    expect(readFileSync(join(dir, 'shipping.log.1'), 'utf8')).toBe('x'.repeat(40));
  });

  it('writes a line longer than maxBytes into a file of its own rather than losing it', () => {
    // Prepare
    const dir = newDir();
    const log = new RotatingLogFile({ dir, name: 'marketing', maxBytes: 10, files: 2 });

    // Act
    log.write('short');
    log.write('a line well over ten bytes');
    log.close();

    // Assess
    expect(linesOf(join(dir, 'marketing.log'))).toEqual(['a line well over ten bytes']);
    expect(linesOf(join(dir, 'marketing.log.1'))).toEqual(['short']);
  });

  it('refuses bounds that would keep nothing', () => {
    // Act / Assess
    expect(() => new RotatingLogFile({ dir: '.', name: 'x', maxBytes: 0 })).toThrow(RangeError);
    expect(() => new RotatingLogFile({ dir: '.', name: 'x', files: 0 })).toThrow(RangeError);
  });
});
