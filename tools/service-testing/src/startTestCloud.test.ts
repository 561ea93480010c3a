import { describe, expect, it } from 'vitest';
import { testCloudStorageFromEnv } from './startTestCloud.ts';

describe('testCloudStorageFromEnv', () => {
  it.each([
    [{ CONVEYOR_TEST_CLOUD_STORAGE: 'memory' }, 'memory'],
    [{ CONVEYOR_TEST_CLOUD_STORAGE: 'persistent' }, 'persistent'],
    [{ CONVEYOR_TEST_CLOUD_STORAGE: '' }, undefined],
    [{}, undefined],
  ] as const)('reads %o as %s', (env, expected) => {
    // Act
    const storage = testCloudStorageFromEnv(env);

    // Assess
    expect(storage).toBe(expected);
  });

  it('refuses any other value, so a typo cannot test the other mode', () => {
    // Act
    const read = () => testCloudStorageFromEnv({ CONVEYOR_TEST_CLOUD_STORAGE: 'persist' });

    // Assess
    expect(read).toThrow('CONVEYOR_TEST_CLOUD_STORAGE=persist is not one of memory, persistent.');
  });
});
