import { describe, expect, it } from 'vitest';
import {
  EVENTS_END,
  EVENTS_START,
  type EventsTopology,
  formatEventsSection,
  readEventsSection,
  renderEventsSection,
  renderPublishedEvents,
  replaceEventsSection,
} from './eventsSection.ts';

// A producer (checkout) and a consumer with a standard queue, a body filter and a stage override.
const topology: EventsTopology = {
  namePrefix: 'conveyor',
  topics: {
    orderEvents: {
      name: 'order-events.fifo',
      fifo: true,
      producer: 'checkout',
      events: ['order.placed', 'order.cancelled'],
    },
  },
  queues: {
    marketingAudience: {
      name: 'marketing-audience',
      dlqName: 'marketing-audience-dlq',
      fifo: false,
      consumer: 'marketing',
      function: 'onOrderPlaced',
      batchSize: 50,
      batchingWindow: 5,
      maximumConcurrency: 2,
      stages: { local: { batchingWindow: 2 } },
      subscriptions: {
        orderEvents: { events: ['order.placed'], bodyFilter: { data: { marketingOptIn: [true] } } },
      },
    },
  },
};
const versions = { 'order.placed': [1, 2], 'order.cancelled': [1] };
const GENERATED =
  '<!-- Generated from libs/event-types/topology.json by `npm run docs:events`: edit the topology, not this section. -->';

describe('renderEventsSection', () => {
  it('lists what a consumer consumes, from which topic, through which queue and filter', () => {
    // Act
    const section = renderEventsSection('marketing', topology, versions);

    // Assess
    expect(section.split('\n')).toEqual([
      GENERATED,
      '',
      '| consumes | from topic (producer) | queue | filter |',
      '| --- | --- | --- | --- |',
      '| `order.placed` v1, v2 | `order-events.fifo` (checkout) | `marketing-audience` | `eventType`; body `data.marketingOptIn` in `[true]` |',
      '',
      '- Queue `conveyor-<stage>-marketing-audience`: **standard**, read by `onOrderPlaced` in batches of up to 50, a batching window of 5 s, at most 2 concurrent invocations (stage `local`: window 2 s); DLQ `conveyor-<stage>-marketing-audience-dlq`; what SNS cannot deliver to it, DLQ `conveyor-<stage>-marketing-audience-delivery-dlq.fifo`.',
      '',
      'Produces no events.',
    ]);
  });

  it('lists what a producer produces and who consumes each event', () => {
    // Act
    const section = renderEventsSection('checkout', topology, versions);

    // Assess
    expect(section.split('\n')).toEqual([
      GENERATED,
      '',
      'Consumes no events.',
      '',
      '| produces | topic | consumed by |',
      '| --- | --- | --- |',
      '| `order.placed` v1, v2 | `conveyor-<stage>-order-events.fifo` (owned here) | marketing (`marketing-audience`) |',
      '| `order.cancelled` v1 | `conveyor-<stage>-order-events.fifo` (owned here) | nobody yet |',
    ]);
  });

  it('formats the section as Prettier formats the README', async () => {
    // Act
    const formatted = await formatEventsSection(
      renderEventsSection('checkout', topology, versions),
      'README.md',
    );

    // Assess
    expect(formatted).toContain(
      '| `order.cancelled` v1  | `conveyor-<stage>-order-events.fifo` (owned here) | nobody yet                       |',
    );
  });
});

describe('replaceEventsSection', () => {
  const readme = `# x\n\n## Events\n\n${EVENTS_START}\nold table\n${EVENTS_END}\n\nHand-written notes.\n`;

  it('replaces only what stands between the markers', () => {
    // Act
    const updated = replaceEventsSection(readme, 'new table', 'x/README.md');

    // Assess
    expect(updated).toBe(
      `# x\n\n## Events\n\n${EVENTS_START}\n\nnew table\n\n${EVENTS_END}\n\nHand-written notes.\n`,
    );
    expect(readEventsSection(updated, 'x/README.md')).toBe('new table');
  });

  it('names the README and the marker it lacks', () => {
    // Act
    const act = () => replaceEventsSection('# x\n', 'new table', 'services/x/README.md');

    // Assess
    expect(act).toThrow(
      `services/x/README.md has no ${EVENTS_START} line; put ${EVENTS_START} and ${EVENTS_END} where the events table goes`,
    );
  });

  it('refuses a repeated or reversed marker', () => {
    // Act
    const repeated = () => readEventsSection(`${readme}${EVENTS_END}\n`, 'x/README.md');
    const reversed = () => readEventsSection(`${EVENTS_END}\n${EVENTS_START}\n`, 'x/README.md');

    // Assess
    expect(repeated).toThrow(`x/README.md has ${EVENTS_END} more than once`);
    expect(reversed).toThrow(`x/README.md has ${EVENTS_END} before ${EVENTS_START}`);
  });
});

describe('renderPublishedEvents', () => {
  it('lists every event of every topic with its published versions, producer and topic', () => {
    // Act
    const table = renderPublishedEvents(topology, versions);

    // Assess
    expect(table.split('\n').slice(2)).toEqual([
      '| event | v | producer | topic |',
      '| --- | --- | --- | --- |',
      '| `order.placed` | 1, 2 | checkout | `order-events.fifo` |',
      '| `order.cancelled` | 1 | checkout | `order-events.fifo` |',
    ]);
  });
});
