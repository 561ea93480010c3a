import { describe, expect, it } from 'vitest';
import { UsageError } from './errors.ts';
import { parseSince, parseTraceArguments } from './parseTraceArguments.ts';

const now = new Date('2026-12-08T12:00:00.000Z');

describe('parseTraceArguments', () => {
  it('reads the id with the local defaults', () => {
    // Act
    const args = parseTraceArguments(['ord-1'], now);

    // Assess
    expect(args).toEqual({
      help: false,
      id: 'ord-1',
      stage: 'local',
      since: new Date('2026-12-01T12:00:00.000Z'),
      queues: true,
      json: false,
    });
  });

  it('reads an AWS stage with its profile, region and window, and the local options', () => {
    // Act
    const aws = parseTraceArguments(
      [
        'corr-1',
        '--stage',
        'dev',
        '--profile',
        'ops',
        '--region',
        'eu-west-1',
        '--since',
        '12h',
        '--json',
      ],
      now,
    );
    const local = parseTraceArguments(['ord-1', '--logs-dir', '/tmp/logs', '--no-queues'], now);

    // Assess
    expect(aws).toEqual({
      help: false,
      id: 'corr-1',
      stage: 'dev',
      profile: 'ops',
      region: 'eu-west-1',
      since: new Date('2026-12-08T00:00:00.000Z'),
      queues: true,
      json: true,
    });
    expect(local).toMatchObject({ logsDir: '/tmp/logs', queues: false });
  });

  it.each([
    [[], /Which order\?/],
    [['a', 'b'], /Unexpected arguments: b/],
    [['x y'], /is not an order, correlation or customer id/],
    [['cus"1'], /is not an order, correlation or customer id/],
    [['cus\\1'], /is not an order, correlation or customer id/],
    [['ord-1', '--bogus'], /Unknown option '--bogus'/],
    [['ord-1', '--profile', 'p'], /--profile applies to AWS stages/],
    [['ord-1', '--stage', 'dev', '--logs-dir', 'x'], /--logs-dir applies to --stage local/],
    [['ord-1', '--since', 'yesterday'], /--since needs 30m, 12h, 7d or an ISO date/],
    [['ord-1', '--since', '2d'], /--since applies to AWS stages/],
  ])('refuses %j', (argv, message) => {
    // Act / Assess
    expect(() => parseTraceArguments(argv, now)).toThrow(UsageError);
    expect(() => parseTraceArguments(argv, now)).toThrow(message);
  });

  it('answers --help without an id', () => {
    // Act / Assess
    expect(parseTraceArguments(['--help'], now).help).toBe(true);
  });
});

describe('parseSince', () => {
  it('counts minutes, hours and days back, or takes an ISO date', () => {
    // Act / Assess
    expect(parseSince('30m', now)).toEqual(new Date('2026-12-08T11:30:00.000Z'));
    expect(parseSince('2d', now)).toEqual(new Date('2026-12-06T12:00:00.000Z'));
    expect(parseSince('2026-12-05T08:00:00Z', now)).toEqual(new Date('2026-12-05T08:00:00.000Z'));
    expect(() => parseSince('2026-12-09', now)).toThrow(/is in the future/);
  });

  it('takes a customer id as checkout accepts it, with / # @ and +', () => {
    // Act
    const args = parseTraceArguments(['crm:42/eu#1+a@b'], now);

    // Assess
    expect(args).toMatchObject({ help: false, id: 'crm:42/eu#1+a@b' });
  });
});
