import { describe, expect, it } from 'vitest';
import {
  defaultLocalCloudPorts,
  formatLocalCloudPorts,
  LocalCloudError,
  parseLocalCloudPorts,
  resolveLocalCloudPorts,
} from '../src/index.ts';

describe('local cloud ports', () => {
  it('parses named ports, bare ports, and round-trips its own format', () => {
    // Prepare
    const named = 'fauxqs=5566, dynamodb=5567,ses=5568';
    const bare = '5566,5567,5568';
    const subset = 'dynamodb=0';

    // Act
    const fromNamed = parseLocalCloudPorts(named, 'test');
    const fromBare = parseLocalCloudPorts(bare, 'test');
    const fromSubset = parseLocalCloudPorts(subset, 'test');
    const roundTrip = parseLocalCloudPorts(formatLocalCloudPorts(defaultLocalCloudPorts), 'test');

    // Assess
    expect(fromNamed).toEqual({ fauxqs: 5566, dynamodb: 5567, ses: 5568 });
    expect(fromBare).toEqual(fromNamed);
    expect(fromSubset).toEqual({ dynamodb: 0 });
    expect(roundTrip).toEqual(defaultLocalCloudPorts);
  });

  it.each(['fauxqs=abc', 'sqs=1', '1,2', '1,2,70000', 'fauxqs=1=2', ''])(
    'rejects "%s" with a LocalCloudError naming the source',
    (text) => {
      // Prepare
      const parse = (): unknown => parseLocalCloudPorts(text, 'CONVEYOR_LOCAL_PORTS');

      // Act
      const act = (): void => {
        parse();
      };

      // Assess
      expect(act).toThrow(LocalCloudError);
      expect(act).toThrow(/CONVEYOR_LOCAL_PORTS/);
    },
  );

  it('fills missing ports with the defaults and rejects a port given twice', () => {
    // Prepare
    const partial = { ses: 9000 };
    const twice = { fauxqs: 9000, ses: 9000 };
    const zeros = { fauxqs: 0, dynamodb: 0, ses: 0 };

    // Act
    const resolved = resolveLocalCloudPorts(partial);
    const resolveTwice = (): unknown => resolveLocalCloudPorts(twice);

    // Assess
    expect(resolved).toEqual({ fauxqs: 4566, dynamodb: 4567, ses: 9000 });
    expect(resolveTwice).toThrow(/Port 9000 is given to both fauxqs and ses/);
    expect(resolveLocalCloudPorts(zeros)).toEqual(zeros);
  });
});
