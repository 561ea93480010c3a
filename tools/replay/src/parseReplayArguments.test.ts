import { describe, expect, it } from 'vitest';
import { UsageError } from './errors.ts';
import { parseReplayArguments } from './parseReplayArguments.ts';

const now = Date.parse('2026-11-22T12:00:00.000Z');

describe('parseReplayArguments', () => {
  it('reads the queue, the window and the options', () => {
    // Act
    const args = parseReplayArguments(
      ['email', '--from', '2h', '--to', 'now', '--stage', 'dev', '--profile', 'ops', '--no-resume'],
      now,
    );

    // Assess
    expect(args).toEqual({
      help: false,
      queue: 'email',
      from: { kind: 'at', time: now - 7_200_000 },
      to: { kind: 'at', time: now },
      stage: 'dev',
      profile: 'ops',
      resume: false,
      dryRun: false,
      json: false,
    });
  });

  it('defaults to the local stage, no end, resuming', () => {
    // Act
    const args = parseReplayArguments(['analytics', '--from', 'start'], now);

    // Assess
    expect(args).toMatchObject({ stage: 'local', to: undefined, resume: true, dryRun: false });
  });

  it.each([
    [[], /needs a queue/],
    [['email'], /needs --from/],
    [['email', 'sms', '--from', '1h'], /Unexpected arguments: sms/],
    [['email', '--from', '1h', '--since', '2h'], /Unknown option '--since'/],
    [['email', '--from', '-5m'], /^--from -5m: a duration ago takes no sign \(--from 5m\)\.$/],
    [['email', '--from=-5m'], /^--from -5m: a duration ago takes no sign \(--from 5m\)\.$/],
    [['email', '--from', '1h', '--to', '-1h'], /^--to -1h: a duration ago takes no sign/],
    [['email', '--from', '-1'], /^--from "-1" is not a time/],
  ])('refuses %j', (argv, message) => {
    // Act
    const parse = () => parseReplayArguments(argv, now);

    // Assess
    expect(parse).toThrow(UsageError);
    expect(parse).toThrow(message);
  });

  it('asks for help with -h, whatever else is missing', () => {
    // Act
    const args = parseReplayArguments(['-h', '--from', '-5m'], now);

    // Assess
    expect(args.help).toBe(true);
  });
});
