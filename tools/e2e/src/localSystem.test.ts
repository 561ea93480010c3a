import { createServer } from 'node:http';
import { freePorts } from '@conveyor/local-cloud';
import { describe, expect, it } from 'vitest';
import { assertSystemRunning, localSystem } from './localSystem.ts';

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

describe('assertSystemRunning', () => {
  it('names the ports and CONVEYOR_LOCAL_PORTS when checkout answers and no local cloud does', async () => {
    // Prepare: checkout answers; nothing listens on the three cloud ports.
    const checkout = createServer((_request, response) => {
      response.writeHead(404).end('{}');
    });
    await new Promise<void>((resolve) => checkout.listen(0, '127.0.0.1', resolve));
    const address = checkout.address();
    const [fauxqs = 0, dynamodb = 0, ses = 0] = await freePorts(3);
    const system = localSystem({
      CONVEYOR_LOCAL_PORTS: `${String(fauxqs)},${String(dynamodb)},${String(ses)}`,
    });
    const checkoutUrl = `http://127.0.0.1:${String(typeof address === 'object' && address !== null ? address.port : 0)}`;

    // Act
    const refused = assertSystemRunning(
      { ...system, endpoints: { ...system.endpoints, checkout: checkoutUrl } },
      { cloudPatienceMs: 0 },
    );

    // Assess
    try {
      await expect(refused).rejects.toThrow(
        `No local cloud answers on fauxqs=${String(fauxqs)},dynamodb=${String(dynamodb)},ses=${String(ses)}, though checkout runs (waited 0 s). If npm start was given --ports, set CONVEYOR_LOCAL_PORTS`,
      );
    } finally {
      system.aws.destroy();
      checkout.close();
    }
  });
});
