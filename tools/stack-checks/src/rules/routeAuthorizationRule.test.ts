import { describe, expect, it } from 'vitest';
import {
  passingResources,
  stackOf,
  stackWith,
  violationLines,
} from '../../tests/fixtures/fixtureStack.ts';
import { routeAuthorizationRule } from './routeAuthorizationRule.ts';

const ROUTE = 'HttpApiRouteGetInventoryItemsSkuVar';

describe('routeAuthorizationRule', () => {
  it('passes a route with an IAM authorizer', () => {
    // Act
    const lines = violationLines(routeAuthorizationRule, stackOf(passingResources()));

    // Assess
    expect(lines).toEqual([]);
  });

  it('fails a route without an authorizer, and one whose authorization is NONE', () => {
    // Prepare
    const unset = stackWith(ROUTE, (properties) => {
      delete properties.AuthorizationType;
    });
    const none = stackWith(ROUTE, (properties) => {
      properties.AuthorizationType = 'NONE';
    });

    // Act
    const unsetLines = violationLines(routeAuthorizationRule, unset);
    const noneLines = violationLines(routeAuthorizationRule, none);

    // Assess
    const expected = `inventory: ${ROUTE}: route-authorization: GET /inventory/items/{sku} has no authorizer; set authorizer: { type: aws_iam } on its httpApi event, or list 'inventory GET /inventory/items/{sku}' in publicRoutes with why anyone may call it`;
    expect(unsetLines).toEqual([expected]);
    expect(noneLines).toEqual([expected]);
  });

  it('passes an open route that publicRoutes lists for its service only', () => {
    // Prepare
    const resources = passingResources();
    resources[ROUTE] = {
      Type: 'AWS::ApiGatewayV2::Route',
      Properties: { ApiId: { Ref: 'HttpApi' }, RouteKey: 'GET /orders/{orderId}' },
    };

    // Act
    const listed = violationLines(
      routeAuthorizationRule,
      stackOf(resources, { service: 'checkout' }),
    );
    const elsewhere = violationLines(routeAuthorizationRule, stackOf(resources));

    // Assess
    expect(listed).toEqual([]);
    expect(elsewhere).toHaveLength(1);
    expect(elsewhere[0]).toContain(
      `inventory: ${ROUTE}: route-authorization: GET /orders/{orderId} has no authorizer`,
    );
  });
});
