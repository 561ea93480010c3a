import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { replaceFile } from './replaceFile.ts';

describe('replaceFile', () => {
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'replace-file-'));
  });

  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('replaces a file whole and leaves no temporary file beside it', () => {
    // Prepare
    const file = join(dir, 'state.json');
    writeFileSync(file, 'old content that is longer than the new');

    // Act
    replaceFile(file, 'new');

    // Assess
    expect(readFileSync(file, 'utf8')).toBe('new');
    expect(readdirSync(dir)).toEqual(['state.json']);
  });

  it('creates the folders a new file needs', () => {
    // Prepare
    const file = join(dir, 'a', 'b', 'state.json');

    // Act
    replaceFile(file, 'first');

    // Assess
    expect(readFileSync(file, 'utf8')).toBe('first');
  });
});
