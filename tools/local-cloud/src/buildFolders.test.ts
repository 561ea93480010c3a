import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  npmStartBarrierFolder,
  npmStartBuildFolder,
  removeBuildFolders,
  removeStaleBarrierFolders,
  removeStaleBuildFolders,
} from './buildFolders.ts';

let dir: string | undefined;

afterEach(() => {
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

const serviceWith = (folders: readonly string[]): string => {
  dir = mkdtempSync(join(tmpdir(), 'local-cloud-build-folders-'));
  for (const folder of folders) mkdirSync(join(dir, folder, '.build'), { recursive: true });
  return dir;
};

describe('npm start build folders', () => {
  it('removes those of npm start runs that are gone, and no other folder', () => {
    // Prepare
    const gone = spawnSync(process.execPath, ['-e', '']).pid;
    const service = serviceWith([
      npmStartBuildFolder(gone),
      npmStartBuildFolder(process.pid),
      // Another pid namespace's run: its pids mean nothing here.
      '.esbuild-start-1-1',
      '.esbuild-local',
      '.esbuild-dev',
    ]);

    // Act
    removeStaleBuildFolders([service]);

    // Assess
    expect(readdirSync(service).sort()).toEqual(
      ['.esbuild-dev', '.esbuild-local', '.esbuild-start-1-1', npmStartBuildFolder()].sort(),
    );
  });

  it("removes this run's folder from every service", () => {
    // Prepare
    const service = serviceWith([npmStartBuildFolder(), '.esbuild-local']);

    // Act
    removeBuildFolders([service], npmStartBuildFolder());

    // Assess
    expect(existsSync(join(service, npmStartBuildFolder()))).toBe(false);
    expect(existsSync(join(service, '.esbuild-local'))).toBe(true);
  });

  it("removes the provision barrier folders of runs that are gone, and not a running one's", () => {
    // Prepare
    const gone = spawnSync(process.execPath, ['-e', '']).pid;
    const stale = npmStartBarrierFolder(gone);
    // This process stands for a running npm start.
    const running = npmStartBarrierFolder(process.pid);
    for (const folder of [stale, running]) mkdirSync(folder, { recursive: true });

    try {
      // Act
      removeStaleBarrierFolders();

      // Assess
      expect(stale.startsWith(join(tmpdir(), 'conveyor-provisioned-'))).toBe(true);
      expect(existsSync(stale)).toBe(false);
      expect(existsSync(running)).toBe(true);
    } finally {
      for (const folder of [stale, running]) rmSync(folder, { recursive: true, force: true });
    }
  });
});
