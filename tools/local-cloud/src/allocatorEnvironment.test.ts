import { describe, expect, it } from 'vitest';
import { allocatorEnvironment } from './allocatorEnvironment.ts';

describe('allocatorEnvironment', () => {
  it('fixes the mmap threshold and the arena count on Linux', () => {
    // Prepare
    const env = { PATH: '/usr/bin' };

    // Act
    const settings = allocatorEnvironment(env, 'linux');

    // Assess
    expect(settings).toEqual({ MALLOC_MMAP_THRESHOLD_: '131072', MALLOC_ARENA_MAX: '2' });
  });

  it.each([
    'MALLOC_ARENA_MAX',
    'MALLOC_MMAP_THRESHOLD_',
    'MALLOC_TRIM_THRESHOLD_',
    'GLIBC_TUNABLES',
  ])('sets nothing when the operator set %s, even empty', (name) => {
    // Prepare
    const env = { [name]: '' };

    // Act
    const settings = allocatorEnvironment(env, 'linux');

    // Assess
    expect(settings).toEqual({});
  });

  it('sets nothing where the allocator is not glibc', () => {
    // Prepare
    const env = {};

    // Act
    const settings = allocatorEnvironment(env, 'darwin');

    // Assess
    expect(settings).toEqual({});
  });
});
