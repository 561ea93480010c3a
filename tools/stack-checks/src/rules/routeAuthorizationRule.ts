import { resourcesOfType } from '../parseTemplate.ts';
import type { StackRule } from '../stackRule.ts';
import type { Violation } from '../violation.ts';
import { publicRoutes } from './publicRoutes.ts';

/**
 * `route-authorization`: every HTTP API route has an authorizer (`AuthorizationType` other than
 * `NONE`), unless `publicRoutes` lists it with its reason. A new route is closed until someone
 * decides it may be open, so an operator's route cannot ship open by omission.
 */
export const routeAuthorizationRule: StackRule = {
  id: 'route-authorization',
  description:
    'Every HTTP API route has an AuthorizationType other than NONE, unless publicRoutes lists it.',
  check: ({ service, template }) => {
    const violations: Violation[] = [];
    for (const [logicalId, { Properties }] of resourcesOfType(
      template,
      'AWS::ApiGatewayV2::Route',
    )) {
      const type = Properties.AuthorizationType;
      if (type !== undefined && type !== 'NONE') continue;
      const routeKey = typeof Properties.RouteKey === 'string' ? Properties.RouteKey : '?';
      if (publicRoutes.has(`${service} ${routeKey}`)) continue;
      violations.push({
        service,
        resource: logicalId,
        rule: routeAuthorizationRule.id,
        message: `${routeKey} has no authorizer; set authorizer: { type: aws_iam } on its httpApi event, or list '${service} ${routeKey}' in publicRoutes with why anyone may call it`,
      });
    }
    return violations;
  },
};
