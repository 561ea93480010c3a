import { describe, expect, it } from 'vitest';
import { passingResources, stackOf } from '../../tests/fixtures/fixtureStack.ts';
import { formatViolation } from '../violation.ts';
import { checkPolicies, policyRules } from './policyRules.ts';

describe('policyRules', () => {
  it('gives every rule a distinct id', () => {
    // Act
    const ids = policyRules.map((rule) => rule.id);

    // Assess
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('passes the fixture stack on every rule', () => {
    // Act
    const lines = checkPolicies(stackOf(passingResources())).map(formatViolation);

    // Assess
    expect(lines).toEqual([]);
  });
});
