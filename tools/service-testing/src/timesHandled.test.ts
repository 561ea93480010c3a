import { describe, expect, it } from 'vitest';
import { countHandled } from './timesHandled.ts';

const handled = (eventId: string, functionName: string): Record<string, unknown> => ({
  message: 'Event handled',
  eventId,
  function_name: functionName,
});

describe('countHandled', () => {
  const lines = [
    handled('evt-1', 'conveyor-local-email-onNotificationEvent'),
    handled('evt-1', 'conveyor-local-email-onAudit'),
    handled('evt-1', 'conveyor-local-email-onNotificationEvent'),
    { message: 'Domain outcome', eventId: 'evt-1' },
    handled('evt-2', 'conveyor-local-email-onAudit'),
    handled('evt-3', 'conveyor-local-email-onAudit'),
  ];

  it("counts every function's lines by default, for the events asked only", () => {
    // Act
    const counts = countHandled(lines, ['evt-1', 'evt-2', 'evt-9']);

    // Assess
    expect(counts).toEqual({ 'evt-1': 3, 'evt-2': 1, 'evt-9': 0 });
  });

  it("counts one function's lines when named, not those of a function whose name ends the same", () => {
    // Prepare
    const withLookalike = [...lines, handled('evt-1', 'conveyor-local-email-xonAudit')];

    // Act
    const notifications = countHandled(withLookalike, ['evt-1'], {
      functionKey: 'onNotificationEvent',
    });
    const audit = countHandled(withLookalike, ['evt-1', 'evt-2'], { functionKey: 'onAudit' });

    // Assess
    expect(notifications).toEqual({ 'evt-1': 2 });
    expect(audit).toEqual({ 'evt-1': 1, 'evt-2': 1 });
  });
});
