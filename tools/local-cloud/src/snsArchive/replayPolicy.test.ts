import { describe, expect, it } from 'vitest';
import { InvalidAttributeError } from './InvalidAttributeError.ts';
import { parseReplayPolicy } from './replayPolicy.ts';

describe('parseReplayPolicy', () => {
  it('reads the start and the optional end of SNS examples', () => {
    // Act
    const bounded = parseReplayPolicy(
      '{"PointType":"Timestamp","StartingPoint":"2023-10-01T10:00:00.000Z","EndingPoint":"2023-10-01T12:00:00.000Z"}',
    );
    const open = parseReplayPolicy(
      '{"PointType":"Timestamp","StartingPoint":"2023-10-01T00:00:00+02:00"}',
    );

    // Assess
    expect(bounded).toEqual({
      startingPoint: Date.parse('2023-10-01T10:00:00.000Z'),
      endingPoint: Date.parse('2023-10-01T12:00:00.000Z'),
    });
    expect(open).toEqual({
      startingPoint: Date.parse('2023-09-30T22:00:00.000Z'),
      endingPoint: undefined,
    });
  });

  it.each([
    ['{"StartingPoint":"2023-10-01T10:00:00Z"}', /PointType must be Timestamp/],
    [
      '{"PointType":"Offset","StartingPoint":"2023-10-01T10:00:00Z"}',
      /PointType must be Timestamp/,
    ],
    ['{"PointType":"Timestamp"}', /StartingPoint is required/],
    ['{"PointType":"Timestamp","StartingPoint":"yesterday"}', /ISO-8601/],
    ['{"PointType":"Timestamp","StartingPoint":"2023-10-01T10:00:00"}', /ISO-8601/],
    [
      '{"PointType":"Timestamp","StartingPoint":"2023-10-01T10:00:00Z","EndingPoint":"2023-10-01T09:00:00Z"}',
      /EndingPoint is before StartingPoint/,
    ],
    ['{"PointType":"Timestamp","StartingPoint":"2023-10-01T10:00:00Z","Speed":2}', /unknown key/],
    ['not json', /not valid JSON/],
  ])('refuses %s', (text, reason) => {
    // Act
    const parse = () => parseReplayPolicy(text);

    // Assess
    expect(parse).toThrow(InvalidAttributeError);
    expect(parse).toThrow(reason);
  });
});
