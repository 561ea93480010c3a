import { describe, expect, it } from 'vitest';
import { LocalCloudError } from './errors.ts';
import {
  defaultLocalCloudPorts,
  formatLocalCloudPorts,
  parseLocalCloudPorts,
  readLocalCloudPortsSetting,
  resolveLocalCloudPorts,
} from './localCloudPorts.ts';

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

describe('readLocalCloudPortsSetting', () => {
  it('reads either form with any subset, and takes the defaults for the rest or for nothing', () => {
    // Act
    const read = (value: string | undefined) => readLocalCloudPortsSetting(value, 'PORTS');

    // Assess
    expect(read('{"fauxqs":5000,"dynamodb":5001}')).toEqual({
      fauxqs: 5000,
      dynamodb: 5001,
      ses: 4568,
    });
    expect(read(' fauxqs=6000,ses=6002 ')).toEqual({ fauxqs: 6000, dynamodb: 4567, ses: 6002 });
    expect(read(undefined)).toEqual(defaultLocalCloudPorts);
    expect(read('  ')).toEqual(defaultLocalCloudPorts);
  });

  it.each([
    [
      '{"sqs":4566}',
      'PORTS: unknown key "sqs"; expected {"fauxqs":PORT,"dynamodb":PORT,"ses":PORT} or fauxqs=PORT,dynamodb=PORT,ses=PORT (any subset).',
    ],
    ['{"fauxqs":0}', 'PORTS: "fauxqs" must be a port from 1 to 65535, got 0.'],
    ['{"ses":70000}', 'PORTS: "ses" must be a port from 1 to 65535, got 70000.'],
    ['{"ses":null}', 'PORTS: "ses" must be a port from 1 to 65535, got null.'],
    ['{not json', 'PORTS is not valid JSON: {not json'],
    [
      '0,0,0',
      'PORTS: "fauxqs" is 0, which only starting a local cloud takes; give the port it printed.',
    ],
    [
      'ses=0',
      'PORTS: "ses" is 0, which only starting a local cloud takes; give the port it printed.',
    ],
  ])('refuses %s, saying what is wrong', (value, message) => {
    // Act
    const act = () => readLocalCloudPortsSetting(value, 'PORTS');

    // Assess
    expect(act).toThrow(LocalCloudError);
    expect(act).toThrow(message);
  });
});
