import { describe, expect, it } from 'vitest';
import { readLocalCloudPorts } from './localCloudConnection.ts';

describe('readLocalCloudPorts', () => {
  it('falls back to the default ports', () => {
    // Prepare / Act
    const ports = readLocalCloudPorts(undefined);

    // Assess
    expect(ports).toEqual({ fauxqs: 4566, dynamodb: 4567, ses: 4568 });
  });

  it('reads JSON, filling in missing ports', () => {
    // Prepare / Act
    const ports = readLocalCloudPorts('{"fauxqs":5000,"dynamodb":5001}');

    // Assess
    expect(ports).toEqual({ fauxqs: 5000, dynamodb: 5001, ses: 4568 });
  });

  it("reads the local cloud's own key=value form", () => {
    // Prepare / Act
    const ports = readLocalCloudPorts('fauxqs=6000,ses=6002');

    // Assess
    expect(ports).toEqual({ fauxqs: 6000, dynamodb: 4567, ses: 6002 });
  });

  it('refuses unknown keys and bad ports', () => {
    // Prepare
    const inputs = ['{"sqs":4566}', '{"fauxqs":"4566"}', '{"fauxqs":70000}', '{not json'];

    // Act
    const acts = inputs.map((input) => () => readLocalCloudPorts(input));

    // Assess
    for (const act of acts) {
      expect(act).toThrow('CONVEYOR_LOCAL_PORTS');
    }
  });
});
