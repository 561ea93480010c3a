import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DatabaseSync } from 'node:sqlite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStateDatabase } from './openStateDatabase.ts';

describe('openStateDatabase', () => {
  let dir: string;
  // Closed after each test, passed or failed: an open handle would keep its files.
  let opened: DatabaseSync[];

  const open = (path: string | undefined): DatabaseSync => {
    const db = openStateDatabase(path);
    opened.push(db);
    return db;
  };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'state-db-'));
    opened = [];
  });

  afterEach(() => {
    for (const db of opened) if (db.isOpen) db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps a file in WAL mode, committing without waiting for the disk', () => {
    // Prepare
    const path = join(dir, 'nested', 'state.db');

    // Act
    const db = open(path);

    // Assess
    expect(db.prepare('PRAGMA journal_mode').get()).toEqual({ journal_mode: 'wal' });
    // 1 is NORMAL; SQLite's default, FULL (2), syncs the log at every commit.
    expect(db.prepare('PRAGMA synchronous').get()).toEqual({ synchronous: 1 });
  });

  it('keeps a committed row for the next connection', () => {
    // Prepare
    const path = join(dir, 'state.db');
    const writer = open(path);
    writer.exec('CREATE TABLE kept (id TEXT)');

    // Act
    writer.prepare('INSERT INTO kept VALUES (?)').run('row-1');
    const reader = open(path);

    // Assess
    expect(reader.prepare('SELECT id FROM kept').all()).toEqual([{ id: 'row-1' }]);
  });

  it('opens a database in memory without a path', () => {
    // Act
    const db = open(undefined);

    // Assess
    expect(db.prepare('PRAGMA database_list').get()).toMatchObject({ name: 'main', file: '' });
  });
});
