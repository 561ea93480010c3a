import { describe, expect, it } from 'vitest';
import { beginningArchiveTime, parseArchivePolicy } from './archivePolicy.ts';
import { InvalidAttributeError } from './InvalidAttributeError.ts';

const day = 86_400_000;

describe('parseArchivePolicy', () => {
  it.each([
    ['{"MessageRetentionPeriod":"30"}', { retentionDays: 30 }],
    ['{"MessageRetentionPeriod":365}', { retentionDays: 365 }],
    ['{"MessageRetentionPeriod":"1"}', { retentionDays: 1 }],
    ['{}', undefined],
    ['', undefined],
  ])('reads %j', (text, policy) => {
    // Act
    const parsed = parseArchivePolicy(text);

    // Assess
    expect(parsed).toEqual(policy);
  });

  it.each([
    ['{"MessageRetentionPeriod":"0"}', /1 to 365 days/],
    ['{"MessageRetentionPeriod":366}', /1 to 365 days/],
    ['{"MessageRetentionPeriod":"7.5"}', /whole number of days/],
    ['{"MessageRetentionPeriod":"7","Other":1}', /unknown key Other/],
    ['[7]', /must be a JSON object/],
    ['{"MessageRetentionPeriod":', /not valid JSON/],
  ])('refuses %j as SNS does', (text, reason) => {
    // Act
    const parse = () => parseArchivePolicy(text);

    // Assess
    expect(parse).toThrow(InvalidAttributeError);
    expect(parse).toThrow(reason);
  });
});

describe('beginningArchiveTime', () => {
  it('is when the archive was turned on, then now minus the retention once it is older', () => {
    // Prepare
    const enabledAt = Date.parse('2026-03-01T00:00:00Z');

    // Act
    const young = beginningArchiveTime({ retentionDays: 7 }, enabledAt, enabledAt + 2 * day);
    const old = beginningArchiveTime({ retentionDays: 7 }, enabledAt, enabledAt + 30 * day);

    // Assess
    expect(young).toBe(enabledAt);
    expect(old).toBe(enabledAt + 23 * day);
  });
});
