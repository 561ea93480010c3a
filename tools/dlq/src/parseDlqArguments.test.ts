import { describe, expect, it } from 'vitest';
import { UsageError } from './errors.ts';
import { parseDlqArguments } from './parseDlqArguments.ts';

describe('parseDlqArguments', () => {
  it('defaults to the local stage and the auto redrive method', () => {
    // Act
    const args = parseDlqArguments(['list']);

    // Assess
    expect(args).toEqual({
      command: 'list',
      stage: 'local',
      method: 'auto',
      wait: true,
      body: false,
      json: false,
      yes: false,
    });
  });

  it('reads a queue and every option', () => {
    // Act
    const args = parseDlqArguments([
      'redrive',
      'inventory-orders',
      '--stage',
      'prod',
      '--profile',
      'conveyor-prod',
      '--region',
      'eu-west-1',
      '--method',
      'move-task',
      '--rate',
      '50',
      '--no-wait',
    ]);

    // Assess
    expect(args).toMatchObject({
      command: 'redrive',
      queue: 'inventory-orders',
      stage: 'prod',
      profile: 'conveyor-prod',
      region: 'eu-west-1',
      method: 'move-task',
      ratePerSecond: 50,
      wait: false,
    });
  });

  it('takes each command with its own options and the common ones', () => {
    // Act
    const parsed = [
      ['list', '--json', '--stage', 'dev', '--region', 'eu-west-1'],
      ['peek', 'inventory', '--max=3', '--body', '--json'],
      ['purge', 'inventory', '--yes', '--profile', 'ops'],
      ['redrive', 'inventory', '--max', '2', '--method', 'manual'],
    ].map((argv) => parseDlqArguments(argv).command);

    // Assess
    expect(parsed).toEqual(['list', 'peek', 'purge', 'redrive']);
  });

  it('reads --keep as DLQ message ids, comma-separated or repeated, each once', () => {
    // Act
    const args = parseDlqArguments([
      'redrive',
      'email-notifications',
      '--keep',
      'm-1, m-2',
      '--keep=m-3',
      '--keep',
      'm-1',
    ]);

    // Assess
    expect(args.keep).toEqual(['m-1', 'm-2', 'm-3']);
  });

  it('refuses an empty --keep id, and --keep on a command other than redrive', () => {
    // Act
    const empty = () => parseDlqArguments(['redrive', 'email', '--keep', 'm-1,,m-2']);
    const onPeek = () => parseDlqArguments(['peek', 'email', '--keep', 'm-1']);

    // Assess
    expect(empty).toThrow(UsageError);
    expect(empty).toThrow('--keep needs DLQ message ids');
    expect(onPeek).toThrow('peek takes no --keep');
  });

  it('shows help for --help alone', () => {
    // Act
    const args = parseDlqArguments(['--help']);

    // Assess
    expect(args.command).toBe('help');
  });

  it.each([
    [[], /Name a command/],
    [['peek'], /peek needs a queue/],
    [['frobnicate'], /Unknown command "frobnicate"/],
    [['list', 'inventory-orders'], /list takes no queue/],
    [['peek', 'inventory', '--max', '0'], /--max needs a positive whole number/],
    [['peek', 'inventory', '--max', '-1'], /--max needs a positive whole number, got "-1"/],
    [
      ['redrive', 'inventory', '--rate', '-5.5'],
      /--rate needs a positive whole number, got "-5.5"/,
    ],
    [
      ['redrive', 'inventory', '--method', 'fast'],
      /--method must be one of auto, move-task, manual/,
    ],
    [['list', '--force'], /Unknown option '--force'/],
    [['list', '--max', '3', '--rate', '5'], /^list takes no --max, --rate\.$/],
    [
      ['peek', 'inventory', '--rate', '5', '--no-wait', '--yes'],
      /^peek takes no --rate, --no-wait, --yes; its own options: --max, --body\.$/,
    ],
    [['purge', 'inventory', '--body'], /^purge takes no --body; its own options: --yes\.$/],
    [
      ['redrive', 'inventory', '--body'],
      /^redrive takes no --body; its own options: --max, --keep, --method, --rate, --no-wait\.$/,
    ],
  ])('rejects %j', (argv, message) => {
    // Act
    const act = () => parseDlqArguments(argv);

    // Assess
    expect(act).toThrow(UsageError);
    expect(act).toThrow(message);
  });
});
