import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStateDatabase } from './openStateDatabase.ts';

describe('openStateDatabase', () => {
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'state-db-'));
  });

  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps a file in WAL mode, committing without waiting for the disk', () => {
    // Prepare
    const path = join(dir, 'nested', 'state.db');

    // Act
    const db = openStateDatabase(path);

    // Assess
    expect(db.prepare('PRAGMA journal_mode').get()).toEqual({ journal_mode: 'wal' });
    // 1 is NORMAL; SQLite's default, FULL (2), syncs the log at every commit.
    expect(db.prepare('PRAGMA synchronous').get()).toEqual({ synchronous: 1 });
    db.close();
  });

  it('keeps a committed row for the next connection', () => {
    // Prepare
    const path = join(dir, 'state.db');
    const writer = openStateDatabase(path);
    writer.exec('CREATE TABLE kept (id TEXT)');

    // Act
    writer.prepare('INSERT INTO kept VALUES (?)').run('row-1');
    const reader = openStateDatabase(path);

    // Assess
    expect(reader.prepare('SELECT id FROM kept').all()).toEqual([{ id: 'row-1' }]);
    writer.close();
    reader.close();
  });

  it('opens a database in memory without a path', () => {
    // Act
    const db = openStateDatabase(undefined);

    // Assess
    expect(db.prepare('PRAGMA database_list').get()).toMatchObject({ name: 'main', file: '' });
    db.close();
  });
});
