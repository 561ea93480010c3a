import { describe, expect, it } from 'vitest';
import {
  passingResources,
  stackOf,
  stackWith,
  violationLines,
} from '../../tests/fixtures/fixtureStack.ts';
import { requiredTagsRule } from './requiredTagsRule.ts';

describe('requiredTagsRule', () => {
  it('passes list- and map-form tags, untaggable types and complete stack tags', () => {
    // Act
    const lines = violationLines(requiredTagsRule, stackOf(passingResources()));

    // Assess
    expect(lines).toEqual([]);
  });

  it('fails a framework-generated resource without tags', () => {
    // Prepare
    const stack = stackWith('OnOrderPlacedEventSourceMappingSQSOrdersQueue', (properties) => {
      delete properties.Tags;
    });

    // Act
    const lines = violationLines(requiredTagsRule, stack);

    // Assess
    expect(lines).toEqual([
      'inventory: OnOrderPlacedEventSourceMappingSQSOrdersQueue: required-tags: missing tag service, owner, stage',
    ]);
  });

  it('reads map-form tags for the types that take a map', () => {
    // Prepare
    const stack = stackWith('HttpApi', (properties) => {
      properties.Tags = { service: 'inventory', stage: 'dev' };
    });

    // Act
    const lines = violationLines(requiredTagsRule, stack);

    // Assess
    expect(lines).toEqual(['inventory: HttpApi: required-tags: missing tag owner']);
  });

  it("fails a service tag naming another service (a copy-paste from another team's stack)", () => {
    // Prepare
    const stack = stackWith('OrdersDlq', (properties) => {
      properties.Tags = [
        { Key: 'service', Value: 'checkout' },
        { Key: 'owner', Value: 'checkout-team' },
        { Key: 'stage', Value: 'dev' },
      ];
    });

    // Act
    const lines = violationLines(requiredTagsRule, stack);

    // Assess
    expect(lines).toEqual([
      'inventory: OrdersDlq: required-tags: tag service is "checkout", must be "inventory"',
    ]);
  });

  it('fails stack tags without an owner', () => {
    // Prepare
    const stack = stackOf(passingResources(), {
      stackTags: { service: 'inventory', stage: 'dev' },
    });

    // Act
    const lines = violationLines(requiredTagsRule, stack);

    // Assess
    expect(lines).toEqual(['inventory: provider.stackTags: required-tags: missing tag owner']);
  });

  it('fails a resource type missing from the tables, so they stay complete', () => {
    // Prepare
    const resources = passingResources();
    resources.Secret = { Type: 'AWS::SecretsManager::Secret', Properties: {} };

    // Act
    const lines = violationLines(requiredTagsRule, stackOf(resources));

    // Assess
    expect(lines).toEqual([
      'inventory: Secret: required-tags: type AWS::SecretsManager::Secret is in neither table of taggableResourceTypes.ts; add it with its tag shape, or to the untaggable types',
    ]);
  });
});
