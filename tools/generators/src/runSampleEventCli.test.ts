import type { SQSEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { runSampleEventCli } from './runSampleEventCli.ts';

const run = (args: readonly string[]) => {
  let stdout = '';
  let stderr = '';
  const code = runSampleEventCli(args, {
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
  });
  return { code, stdout, stderr };
};

describe('npm run sample-event', () => {
  it('prints the event as JSON on stdout, and which queue on stderr', () => {
    // Act
    const { code, stdout, stderr } = run(['order.placed', '--queue', 'emailNotifications']);

    // Assess
    expect(code).toBe(0);
    const event = JSON.parse(stdout) as SQSEvent;
    expect(event.Records[0]?.eventSourceARN).toMatch(/conveyor-local-email-notifications\.fifo$/);
    expect(stderr).toContain('Queue emailNotifications');
  });

  it('prints the SNS shape with --as sns', () => {
    // Act
    const { code, stdout } = run(['inventory.reserved', '--as', 'sns', '--stage', 'dev']);

    // Assess
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({
      Records: [{ EventSource: 'aws:sns', Sns: { Type: 'Notification' } }],
    });
  });

  it.each([
    [[], /name one event type: order\.placed, .*customer\.unsubscribed/],
    [['order.placed', 'shipment.created'], /one event type only/],
    [['order.placed', '--as', 'http'], /--as takes sqs or sns, not http/],
    [['order.placed', '--nope'], /Unknown option '--nope'/],
    [['order.placed'], /pick one with --queue/],
    [
      ['shipment.created', '--as', 'sns', '--queue', 'emailNotifications'],
      /--queue is for --as sqs/,
    ],
  ])('exits 2 on %j, saying why on stderr', (args, message) => {
    // Act
    const { code, stdout, stderr } = run(args);

    // Assess
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(message);
  });

  it('prints its usage with --help', () => {
    // Act
    const { code, stdout } = run(['--help']);

    // Assess
    expect(code).toBe(0);
    expect(stdout).toContain('Usage: npm run sample-event -- <eventType>');
  });
});
