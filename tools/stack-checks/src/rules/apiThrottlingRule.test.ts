import { describe, expect, it } from 'vitest';
import {
  passingResources,
  stackOf,
  stackWith,
  violationLines,
} from '../../tests/fixtures/fixtureStack.ts';
import { apiThrottlingRule } from './apiThrottlingRule.ts';

describe('apiThrottlingRule', () => {
  it('passes an HTTP API whose stage sets a rate and a burst limit', () => {
    // Act
    const lines = violationLines(apiThrottlingRule, stackOf(passingResources()));

    // Assess
    expect(lines).toEqual([]);
  });

  it('fails a stage without throttling, or with a limit of 0', () => {
    // Prepare
    const unset = stackWith('HttpApiStage', (properties) => {
      delete properties.DefaultRouteSettings;
    });
    const zero = stackWith('HttpApiStage', (properties) => {
      properties.DefaultRouteSettings = { ThrottlingRateLimit: 0, ThrottlingBurstLimit: 100 };
    });

    // Act
    const unsetLines = violationLines(apiThrottlingRule, unset);
    const zeroLines = violationLines(apiThrottlingRule, zero);

    // Assess
    expect(unsetLines).toEqual([
      'inventory: HttpApiStage: api-throttling: DefaultRouteSettings.ThrottlingRateLimit is not set, must be above 0 (services/serverless.base.yml, httpApiStage)',
      'inventory: HttpApiStage: api-throttling: DefaultRouteSettings.ThrottlingBurstLimit is not set, must be above 0 (services/serverless.base.yml, httpApiStage)',
    ]);
    expect(zeroLines).toEqual([
      'inventory: HttpApiStage: api-throttling: DefaultRouteSettings.ThrottlingRateLimit is 0, must be above 0 (services/serverless.base.yml, httpApiStage)',
    ]);
  });

  it('fails an HTTP API without a stage', () => {
    // Prepare
    const resources = passingResources();
    delete resources.HttpApiStage;

    // Act
    const lines = violationLines(apiThrottlingRule, stackOf(resources));

    // Assess
    expect(lines).toEqual([
      'inventory: HttpApi: api-throttling: is an HTTP API without a stage, so nothing throttles it',
    ]);
  });
});
