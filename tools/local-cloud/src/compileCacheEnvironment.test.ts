import { describe, expect, it } from 'vitest';
import { compileCacheEnvironment } from './compileCacheEnvironment.ts';

describe('compileCacheEnvironment', () => {
  it("points Node's compile cache at its default folder in the temporary directory", () => {
    // Prepare
    const env = { PATH: '/usr/bin' };

    // Act
    const settings = compileCacheEnvironment(env, '/tmp');

    // Assess
    expect(settings).toEqual({ NODE_COMPILE_CACHE: '/tmp/node-compile-cache' });
  });

  it.each(['NODE_COMPILE_CACHE', 'NODE_DISABLE_COMPILE_CACHE'])(
    'sets nothing when the operator set %s, even empty',
    (name) => {
      // Prepare
      const env = { [name]: '' };

      // Act
      const settings = compileCacheEnvironment(env, '/tmp');

      // Assess
      expect(settings).toEqual({});
    },
  );
});
