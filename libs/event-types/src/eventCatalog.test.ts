import * as z from 'zod/mini';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { buildEvent } from './buildEvent.ts';
import {
  type EventIn,
  type EventType,
  EventTypes,
  type EventVersion,
  listPublishedEvents,
  type VersionIn,
} from './eventCatalog.ts';
import { exampleEventData } from './exampleEventData.ts';

// A catalogue with a second version of one type, as the real one gets when a version is added;
// only its type is used.
const _catalogWithTwoVersions = {
  'a.happened': {
    1: z.object({ eventType: z.literal('a.happened'), version: z.literal(1) }),
    2: z.object({ eventType: z.literal('a.happened'), version: z.literal(2) }),
  },
  'b.happened': { 1: z.object({ eventType: z.literal('b.happened'), version: z.literal(1) }) },
} as const;
type TwoVersions = typeof _catalogWithTwoVersions;

describe('EventOf and EventVersion', () => {
  it("keep one type's second version in the union of every type (checked by the typecheck target)", () => {
    // Prepare
    type AnyType = keyof TwoVersions;

    // Act
    type AnyVersion = VersionIn<TwoVersions, AnyType>;
    type AnyEvent = EventIn<TwoVersions, AnyType, AnyVersion>;

    // Assess
    expectTypeOf<AnyVersion>().toEqualTypeOf<1 | 2>();
    expectTypeOf<AnyEvent>().toEqualTypeOf<
      | { eventType: 'a.happened'; version: 1 }
      | { eventType: 'a.happened'; version: 2 }
      | { eventType: 'b.happened'; version: 1 }
    >();
    expectTypeOf<EventIn<TwoVersions, 'a.happened', 2>>().toEqualTypeOf<{
      eventType: 'a.happened';
      version: 2;
    }>();
  });
});

describe('exampleEventData', () => {
  it.each(Object.values(EventTypes))(
    'is valid data of the newest published version of %s (update it with each new version)',
    (eventType) => {
      // Prepare
      const newest = Math.max(
        ...listPublishedEvents()
          .filter((published) => published.eventType === eventType)
          .map((published) => published.version),
      );

      // Act
      const build = () =>
        buildEvent<EventType, EventVersion<EventType>>(
          {
            eventType,
            version: newest as EventVersion<EventType>,
            aggregateId: 'agg-1',
            data: exampleEventData[eventType](),
          },
          { correlationId: 'corr-1' },
        );

      // Assess
      expect(build).not.toThrow();
    },
  );
});
