import { deflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { readZipEntries, writeZip } from './zipArchive.ts';

describe('writeZip and readZipEntries', () => {
  it('read back the files written, names and bytes', () => {
    // Prepare
    const entries = [
      { name: 'src/handlers/getOrder.cjs', data: Buffer.from('"use strict";'.repeat(100)) },
      { name: 'src/handlers/getOrder.cjs.map', data: Buffer.from('{"version":3}') },
    ];

    // Act
    const read = readZipEntries(writeZip(entries));

    // Assess
    expect(read).toEqual(entries);
  });

  it('writes the same bytes for the same files, and deflates them', () => {
    // Prepare
    const data = Buffer.from('x'.repeat(10_000));
    const entries = [{ name: 'a.cjs', data }];

    // Act
    const first = writeZip(entries);
    const second = writeZip(entries);

    // Assess
    expect(first.equals(second)).toBe(true);
    expect(first.length).toBeLessThan(deflateRawSync(data).length + 200);
  });

  it('refuses what is not a zip', () => {
    // Act
    const attempt = () => readZipEntries(Buffer.from('not a zip at all, just some bytes'));

    // Assess
    expect(attempt).toThrow(/Not a zip archive/);
  });
});
