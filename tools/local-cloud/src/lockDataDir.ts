import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataDirInUseError, LocalCloudError } from './errors.ts';
import { signalPid } from './notedProcess.ts';

/**
 * Claims `dataDir` for this process with a pid file, so two local clouds never share one
 * SQLite file and one LevelDB. A file left by a process that is gone is taken over. Returns the
 * release function.
 *
 * @throws LocalCloudError when the folder cannot be created (a file in its way, no permission).
 * @throws DataDirInUseError when another running local cloud holds it.
 */
export const lockDataDir = (dataDir: string): (() => void) => {
  const unusable = (error: unknown): LocalCloudError =>
    new LocalCloudError(
      `Cannot use ${dataDir} as the state directory (${(error as NodeJS.ErrnoException).code ?? String(error)}): pass --data-dir a folder this user can create and write.`,
      { cause: error },
    );
  try {
    mkdirSync(dataDir, { recursive: true });
  } catch (error) {
    throw unusable(error);
  }
  const lockFile = join(dataDir, 'local-cloud.pid');
  try {
    writeFileSync(lockFile, String(process.pid), { flag: 'wx' });
  } catch (error) {
    if (!(error instanceof Error && 'code' in error && error.code === 'EEXIST')) {
      throw unusable(error);
    }
    const holder = Number.parseInt(readFileSync(lockFile, 'utf8'), 10);
    if (Number.isInteger(holder) && holder !== process.pid && signalPid(holder, 0)) {
      throw new DataDirInUseError(dataDir, holder);
    }
    writeFileSync(lockFile, String(process.pid));
  }
  return () => {
    rmSync(lockFile, { force: true });
  };
};
