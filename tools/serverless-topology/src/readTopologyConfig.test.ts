import { describe, expect, it } from 'vitest';
import { TopologyPluginError } from './errors.ts';
import { readTopologyConfig } from './readTopologyConfig.ts';

describe('readTopologyConfig', () => {
  it('reads the service, the subscribe switch as a string and the alarm texts', () => {
    // Act
    const config = readTopologyConfig({
      owner: 'checkout-team',
      topology: {
        service: 'checkout',
        subscribe: false,
        queues: { checkoutOrderStatus: { oldestMessageAlarm: 'Late.', oldestMessageSeconds: 600 } },
      },
    });

    // Assess
    expect(config).toEqual({
      service: 'checkout',
      subscribe: 'false',
      queues: { checkoutOrderStatus: { oldestMessageAlarm: 'Late.', oldestMessageSeconds: 600 } },
    });
  });

  it('fails naming every invalid field, and a missing section', () => {
    // Act
    const invalid = () =>
      readTopologyConfig({
        topology: { service: 'Checkout', subscribe: 'maybe', queues: { q: { threshold: 1 } } },
      });
    const missing = () => readTopologyConfig({ owner: 'team' });

    // Assess
    expect(invalid).toThrow(TopologyPluginError);
    expect(invalid).toThrow(/custom\.topology\.service: must be the service name/);
    expect(invalid).toThrow(/custom\.topology\.subscribe/);
    expect(invalid).toThrow(/custom\.topology\.queues\.q/);
    expect(missing).toThrow(/custom\.topology is missing/);
  });
});
