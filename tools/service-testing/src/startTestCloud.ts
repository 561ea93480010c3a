import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type LocalCloud, startLocalCloud } from '@conveyor/local-cloud';

/**
 * Where a test cloud keeps its state: `memory` keeps nothing (`--in-memory`), `persistent` uses
 * fauxqs's SQLite, dynalite's LevelDB and the mail file in a temporary directory, as the
 * default `npm start` does on `.local/cloud`. The two take different code paths in fauxqs, so
 * the suites run in both (see {@link testCloudStorageVariable}).
 */
export const testCloudStorages = ['memory', 'persistent'] as const;

/** One of {@link testCloudStorages}. */
export type TestCloudStorage = (typeof testCloudStorages)[number];

/**
 * `CONVEYOR_TEST_CLOUD_STORAGE=memory|persistent` sets the storage of every test cloud started
 * without an explicit `storage`, whatever the suite's own default: the services' suites
 * (`offlineServiceSetup`) default to `persistent`, the others (the end-to-end suite, the
 * tools') to `memory`.
 */
export const testCloudStorageVariable = 'CONVEYOR_TEST_CLOUD_STORAGE';

/**
 * The storage `CONVEYOR_TEST_CLOUD_STORAGE` asks for, or `undefined` when it is unset or empty.
 * Throws on any other value, so a typo cannot silently test the other mode.
 *
 * @example
 * ```ts
 * const storage = testCloudStorageFromEnv() ?? 'persistent';
 * ```
 */
export const testCloudStorageFromEnv = (
  env: Readonly<Record<string, string | undefined>> = process.env,
): TestCloudStorage | undefined => {
  const value = env[testCloudStorageVariable];
  if (value === undefined || value === '') return undefined;
  const storage = testCloudStorages.find((known) => known === value);
  if (storage === undefined) {
    throw new Error(
      `${testCloudStorageVariable}=${value} is not one of ${testCloudStorages.join(', ')}.`,
    );
  }
  return storage;
};

/** Options of {@link startTestCloud}. */
export interface TestCloudOptions {
  /**
   * The storage to use. Without it: `CONVEYOR_TEST_CLOUD_STORAGE`, else `memory`. Pass it to
   * pin a mode (a `describe.each` over {@link testCloudStorages}, say).
   */
  readonly storage?: TestCloudStorage;
  /**
   * Enforce IAM, as `npm start` does: each function the services register runs with its own
   * credentials and may do only what its role grants. Default `true`; the tests' own clients
   * sign with the shared local credentials and act as an administrator.
   */
  readonly iam?: boolean;
  /** Receives the enforcement layer's lines (refused calls and deliveries). */
  readonly onLog?: (line: string) => void;
}

/** A local cloud started for tests. */
export interface TestCloud extends LocalCloud {
  /** Which storage it uses. */
  readonly storage: TestCloudStorage;
  /** Its temporary state directory when `persistent`; `stop()` removes it. */
  readonly dataDir: string | undefined;
}

/**
 * A local cloud on free loopback ports for one test run, in memory or persistent in a
 * temporary directory (removed by `stop()`; see {@link TestCloudOptions.storage}), enforcing
 * IAM unless `iam: false`: the services started against it register their functions, as under
 * `npm start`, so a suite that passes proves each role grants what its function uses.
 *
 * @example
 * ```ts
 * const cloud = await startTestCloud(); // CONVEYOR_TEST_CLOUD_STORAGE, else in memory
 * const persistent = await startTestCloud({ storage: 'persistent' });
 * const unchecked = await startTestCloud({ iam: false }); // every call allowed
 * await cloud.stop();
 * ```
 */
export const startTestCloud = async (options: TestCloudOptions = {}): Promise<TestCloud> => {
  const storage = options.storage ?? testCloudStorageFromEnv() ?? 'memory';
  const common = {
    ports: { fauxqs: 0, dynamodb: 0, ses: 0 },
    iam: options.iam ?? true,
    ...(options.onLog === undefined ? {} : { onLog: options.onLog }),
  };
  if (storage === 'memory') {
    return {
      ...(await startLocalCloud({ ...common, inMemory: true })),
      storage,
      dataDir: undefined,
    };
  }
  // A fresh directory per cloud: no state from an earlier run, and parallel runs never share.
  const dataDir = await mkdtemp(join(tmpdir(), 'conveyor-test-cloud-'));
  const removeDataDir = () => rm(dataDir, { recursive: true, force: true });
  let cloud: LocalCloud;
  try {
    cloud = await startLocalCloud({ ...common, dataDir });
  } catch (error) {
    await removeDataDir();
    throw error;
  }
  let stopping: Promise<void> | undefined;
  const stopAndRemove = async (): Promise<void> => {
    try {
      await cloud.stop();
    } finally {
      await removeDataDir();
    }
  };
  return { ...cloud, stop: () => (stopping ??= stopAndRemove()), storage, dataDir };
};
