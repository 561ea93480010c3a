import { topology } from '@conveyor/event-types';
import { describe, expect, it } from 'vitest';
import { buildTimeline } from './buildTimeline.ts';
import { diagnose } from './diagnose.ts';
import { formatTrace } from './formatTrace.ts';
import { recordsOfLog } from './testing/memoryLogSource.ts';
import { shippedOrderLog } from './testing/shippedOrderLog.ts';

describe('formatTrace', () => {
  it('spans from the earliest line to the latest, whichever steps they are in', () => {
    // Prepare: the last step by causal order logged first of all.
    const records = recordsOfLog(shippedOrderLog).sort(
      (a, b) => a.time.getTime() - b.time.getTime(),
    );
    const steps = buildTimeline({ records, invocations: [], requests: [], topology });
    const [earliest] = records;
    const lastStep = steps.at(-1);
    const [lastFirst, ...lastRest] = lastStep?.records ?? [];
    if (earliest === undefined || lastStep === undefined || lastFirst === undefined) {
      throw new Error('the fixture has no steps');
    }
    const early = new Date(earliest.time.getTime() - 1_000);
    const reordered = [
      ...steps.slice(0, -1),
      { ...lastStep, time: early, records: [{ ...lastFirst, time: early }, ...lastRest] },
    ];
    const latest = Math.max(
      ...reordered.flatMap((step) => step.records.map((line) => line.time.getTime())),
    );

    // Act
    const text = formatTrace(
      {
        id: 'x',
        orderIds: ['x'],
        correlationIds: [],
        source: 'the test',
        steps: reordered,
        diagnosis: diagnose({ steps: reordered, topology, stage: 'local' }),
      },
      'local',
    );

    // Assess
    const clock = (time: Date) => time.toISOString().slice(11, 23);
    expect(text).toContain(`${clock(early)} to ${clock(new Date(latest))} UTC`);
  });
});
