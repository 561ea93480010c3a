import { describe, expect, it } from 'vitest';
import { localSystem } from './localSystem.ts';

describe('localSystem', () => {
  it('finds the local cloud where CONVEYOR_LOCAL_PORTS says, as the operator tools do', async () => {
    // Act
    const moved = localSystem({ CONVEYOR_LOCAL_PORTS: '5566,5567,5568' });
    const defaults = localSystem({});

    // Assess
    try {
      expect(moved.ports).toEqual({ fauxqs: 5566, dynamodb: 5567, ses: 5568 });
      expect(moved.endpoints.sesv2).toBe('http://127.0.0.1:5568');
      const endpoint = await moved.aws.sqs.config.endpoint?.();
      expect(endpoint?.port).toBe(5566);
      expect(defaults.ports).toEqual({ fauxqs: 4566, dynamodb: 4567, ses: 4568 });
      expect(() => localSystem({ CONVEYOR_LOCAL_PORTS: 'abc' })).toThrow(
        /Expected 3 ports .* in CONVEYOR_LOCAL_PORTS/,
      );
    } finally {
      moved.aws.destroy();
      defaults.aws.destroy();
    }
  });
});
