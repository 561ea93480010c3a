import { readdirSync, readlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const prefix = '.esbuild-start-';

// Pids repeat across pid namespaces (containers, unshare -p), and one checkout may be shared
// between them: the namespace is part of the name, and only folders of this one are judged.
const pidNamespace = ((): string => {
  try {
    return /\[(\d+)\]/.exec(readlinkSync('/proc/self/ns/pid'))?.[1] ?? 'host';
  } catch {
    return 'host';
  }
})();

/**
 * The esbuild work folder of the services one `npm start` runs, inside each service (passed as
 * `CONVEYOR_ESBUILD_DIR`, which each serverless.yml's `outputWorkFolder` reads). One per
 * supervisor process: `sls package`, tests and another `npm start` (in another network
 * namespace, say) never touch the bundles it serves from.
 */
export const npmStartBuildFolder = (pid: number = process.pid): string =>
  `${prefix}${pidNamespace}-${pid}`;

const isRunning = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error instanceof Error && 'code' in error && error.code === 'EPERM';
  }
};

const remove = (path: string): void => {
  rmSync(path, { recursive: true, force: true, maxRetries: 3 });
};

const barrierPrefix = 'conveyor-provisioned-';

/**
 * The folder of one `npm start`'s provision barrier (`provisionBarrier.ts`), under the temporary
 * folder, named like its build folders so that the next start removes a killed run's.
 */
export const npmStartBarrierFolder = (pid: number = process.pid): string =>
  join(tmpdir(), `${barrierPrefix}${pidNamespace}-${pid}`);

const ownFolder = (folderPrefix: string): RegExp =>
  new RegExp(`^${folderPrefix.replaceAll('.', '\\.')}${pidNamespace}-(\\d+)$`);

const removeStale = (dirs: readonly string[], folderPrefix: string): void => {
  const own = ownFolder(folderPrefix);
  for (const dir of dirs) {
    let entries: string[];
    try {
      entries = readdirSync(dir);
    } catch {
      continue;
    }
    for (const entry of entries) {
      const pid = Number(own.exec(entry)?.[1]);
      if (Number.isInteger(pid) && pid > 0 && !isRunning(pid)) remove(join(dir, entry));
    }
  }
};

/**
 * Removes the build folders of `npm start` runs of this pid namespace that are gone (a killed
 * one leaves its own).
 */
export const removeStaleBuildFolders = (serviceDirs: readonly string[]): void => {
  removeStale(serviceDirs, prefix);
};

/** Removes the provision barrier folders of `npm start` runs of this pid namespace that are gone. */
export const removeStaleBarrierFolders = (): void => {
  removeStale([tmpdir()], barrierPrefix);
};

/** Removes this run's build folder from every service. */
export const removeBuildFolders = (serviceDirs: readonly string[], folder: string): void => {
  for (const dir of serviceDirs) remove(join(dir, folder));
};
