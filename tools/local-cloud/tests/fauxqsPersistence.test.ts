import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DatabaseSync } from 'node:sqlite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

// fauxqs exports only its app; its persistence module is reached by path, as the patch is.
const persistenceModule = new URL('persistence.js', import.meta.resolve('fauxqs')).href;

interface PersistenceManager {
  readonly db: DatabaseSync;
  close(): void;
}

describe("fauxqs's state file (tools/patches)", () => {
  let dir: string;
  // Closed after the test, passed or failed: an open handle would keep its files.
  let manager: PersistenceManager | undefined;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'fauxqs-state-'));
  });

  afterEach(() => {
    if (manager?.db.isOpen === true) manager.close();
    manager = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  it('commits each call without waiting for the disk, in WAL mode', async () => {
    // Prepare
    const { PersistenceManager } = (await import(persistenceModule)) as {
      PersistenceManager: new (dataDir: string) => PersistenceManager;
    };

    // Act
    const opened = new PersistenceManager(dir);
    manager = opened;

    // Assess
    expect(opened.db.prepare('PRAGMA journal_mode').get()).toEqual({ journal_mode: 'wal' });
    // 1 is NORMAL; unpatched it is SQLite's default, FULL (2): an fsync per send, receive and delete.
    expect(opened.db.prepare('PRAGMA synchronous').get()).toEqual({ synchronous: 1 });
  });
});
