import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DatabaseSync } from 'node:sqlite';

/**
 * Opens one of the local cloud's SQLite stores: in a file (created with its folder) or, without
 * a path, in memory. A file is kept in WAL mode with `synchronous = NORMAL`: a commit is in the
 * operating system before the call that made it answers, so it survives the local cloud's crash
 * or `kill -9`, though not a power loss, which a local emulator need not survive. The default
 * (FULL) waited for the disk at every commit, on the local cloud's only thread.
 */
export const openStateDatabase = (path: string | undefined): DatabaseSync => {
  if (path === undefined) return new DatabaseSync(':memory:');
  mkdirSync(dirname(path), { recursive: true });
  const db = new DatabaseSync(path);
  db.exec('PRAGMA journal_mode = WAL');
  db.exec('PRAGMA synchronous = NORMAL');
  return db;
};
