import { describe, expect, it } from 'vitest';
import {
  passingResources,
  stackOf,
  stackWith,
  violationLines,
} from '../../tests/fixtures/fixtureStack.ts';
import type { PackagedStack } from '../packagedStack.ts';
import { topicArchiveRule } from './topicArchiveRule.ts';

/** The passing fixture in prod, its topic archived for `days`. */
const prodStack = (days: unknown): PackagedStack => {
  const resources = passingResources();
  const topic = resources.InventoryEventsTopic;
  if (topic === undefined) throw new Error('fixture has no InventoryEventsTopic');
  topic.Properties.ArchivePolicy = { MessageRetentionPeriod: days };
  return { ...stackOf(resources), stage: 'prod' };
};

describe('topicArchiveRule', () => {
  it('passes a FIFO topic archived for some days outside prod', () => {
    // Act
    const lines = violationLines(topicArchiveRule, stackOf(passingResources()));

    // Assess
    expect(lines).toEqual([]);
  });

  it('passes a FIFO topic archived for 365 days in prod, as a number or as a string', () => {
    // Act
    const asNumber = violationLines(topicArchiveRule, prodStack(365));
    const asString = violationLines(topicArchiveRule, prodStack('365'));

    // Assess
    expect(asNumber).toEqual([]);
    expect(asString).toEqual([]);
  });

  it('fails a FIFO topic without an archive policy, or with an empty one', () => {
    // Prepare
    const missing = stackWith('InventoryEventsTopic', (properties) => {
      delete properties.ArchivePolicy;
    });
    const empty = stackWith('InventoryEventsTopic', (properties) => {
      properties.ArchivePolicy = {};
    });

    // Act
    const lines = [
      ...violationLines(topicArchiveRule, missing),
      ...violationLines(topicArchiveRule, empty),
    ];

    // Assess
    const line =
      'inventory: InventoryEventsTopic: topic-archive: FIFO topic has no ArchivePolicy, so nothing published to it can be replayed: give its topic an archive in libs/event-types/topology.json';
    expect(lines).toEqual([line, line]);
  });

  it('fails a retention in prod other than a year', () => {
    // Act
    const lines = violationLines(topicArchiveRule, prodStack(7));

    // Assess
    expect(lines).toEqual([
      'inventory: InventoryEventsTopic: topic-archive: ArchivePolicy.MessageRetentionPeriod is 7 days in prod, must be 365',
    ]);
  });

  it('fails a retention SNS refuses: none, zero, over a year, a fraction', () => {
    // Prepare
    const stacks = [undefined, 0, 366, 1.5].map((days) =>
      stackWith('InventoryEventsTopic', (properties) => {
        properties.ArchivePolicy = { MessageRetentionPeriod: days };
      }),
    );

    // Act
    const lines = stacks.flatMap((stack) => violationLines(topicArchiveRule, stack));

    // Assess
    expect(lines).toEqual(
      ['undefined', '0', '366', '1.5'].map(
        (days) =>
          `inventory: InventoryEventsTopic: topic-archive: ArchivePolicy.MessageRetentionPeriod is ${days}, must be a whole number of days 1-365`,
      ),
    );
  });

  it('fails an archive policy on a standard topic, and passes a standard topic without one', () => {
    // Prepare
    const archived = stackWith('InventoryEventsTopic', (properties) => {
      properties.TopicName = 'conveyor-dev-inventory-events';
      delete properties.FifoTopic;
    });
    const unarchived = stackWith('InventoryEventsTopic', (properties) => {
      properties.TopicName = 'conveyor-dev-inventory-events';
      delete properties.FifoTopic;
      delete properties.ArchivePolicy;
    });

    // Act
    const archivedLines = violationLines(topicArchiveRule, archived);
    const unarchivedLines = violationLines(topicArchiveRule, unarchived);

    // Assess
    expect(archivedLines).toEqual([
      'inventory: InventoryEventsTopic: topic-archive: a standard topic has an ArchivePolicy; SNS archives FIFO topics only',
    ]);
    expect(unarchivedLines).toEqual([]);
  });
});
