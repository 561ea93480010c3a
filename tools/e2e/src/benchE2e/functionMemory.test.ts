import { describe, expect, it } from 'vitest';
import { functionSizingOf } from './functionMemory.ts';

describe('functionSizingOf', () => {
  it("takes a function's memory, else the shared provider's, else the framework's default", () => {
    // Prepare
    const base = { provider: { memorySize: 256, architecture: 'arm64' } };
    const service = {
      provider: '${file(../serverless.base.yml):provider}',
      functions: { render: { memorySize: 512 }, read: { handler: 'x.handler' } },
    };
    const own = { provider: { name: 'aws' }, functions: { plain: {} } };

    // Act
    const shared = functionSizingOf('shipping', service, base);
    const standalone = functionSizingOf('other', own, base);

    // Assess
    expect(Object.fromEntries(shared)).toEqual({
      'shipping.render': { memoryMb: 512, architecture: 'arm64' },
      'shipping.read': { memoryMb: 256, architecture: 'arm64' },
    });
    expect(standalone.get('other.plain')).toEqual({ memoryMb: 1024, architecture: 'x86_64' });
  });

  it('refuses a memory size given as a variable it cannot resolve', () => {
    // Act
    const act = () =>
      functionSizingOf('s', { functions: { f: { memorySize: '${param:memory}' } } }, {});

    // Assess
    expect(act).toThrow('s.f: memorySize');
  });
});
