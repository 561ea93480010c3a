import { LocalCloudPluginError } from './errors.ts';
import type { TokenBucketLimits } from './makeTokenBucket.ts';
import {
  type IntrinsicContext,
  resolveIntrinsics,
  resolveIntrinsicString,
} from './resolveIntrinsics.ts';
import type { CloudFormationResource } from './serverlessTypes.ts';
import { isRecord } from './isRecord.ts';

/** An HTTP API route and the throttling limits its stage gives it. */
export interface ThrottledRoute {
  /** As API Gateway names it: `POST /checkout`, `ANY /{proxy+}` or `$default`. */
  readonly routeKey: string;
  readonly limits: TokenBucketLimits;
}

/** What the template's HTTP API stages throttle. */
export interface HttpApiThrottling {
  readonly routes: readonly ThrottledRoute[];
  /** Settings worth a line at start, such as a limit left out (which AWS reads as 0). */
  readonly notes: readonly string[];
}

const stageType = 'AWS::ApiGatewayV2::Stage';
const routeType = 'AWS::ApiGatewayV2::Route';

const limitAt = (settings: unknown, key: string, path: string): number | undefined => {
  if (!isRecord(settings) || settings[key] === undefined) return undefined;
  const value = settings[key];
  const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof number !== 'number' || !Number.isFinite(number) || number < 0) {
    throw new LocalCloudPluginError(
      `${path}.${key} must be a number ≥ 0, got ${JSON.stringify(value)}`,
    );
  }
  return number;
};

/**
 * Reads the throttling of each HTTP API route from the compiled template, as API Gateway applies
 * it: the stage's `DefaultRouteSettings` give every route a token bucket of its own (rate and
 * burst, as REST APIs' default method throttling is per method), and an entry of `RouteSettings`
 * keyed by a route key overrides them for that route, limit by limit. A route whose stage sets no
 * limit is not throttled (in AWS the account's limits apply). A settings object that sets one
 * limit and not the other leaves the other at 0, as API Gateway reads it, and is noted.
 */
export const readHttpApiThrottling = (
  resources: Readonly<Record<string, CloudFormationResource>>,
  context: IntrinsicContext,
): HttpApiThrottling => {
  const entries = Object.entries(resources);
  const stages = entries.filter(([, resource]) => resource.Type === stageType);
  const routes: ThrottledRoute[] = [];
  const notes = new Set<string>();
  for (const [logicalId, route] of entries) {
    if (route.Type !== routeType) continue;
    const apiId = JSON.stringify(route.Properties?.['ApiId']);
    const ofApi = stages.filter(
      ([, stage]) => JSON.stringify(stage.Properties?.['ApiId']) === apiId,
    );
    // serverless-offline serves one stage: the $default one osls generates, else the only one.
    const [stage] =
      ofApi.length === 1
        ? ofApi
        : ofApi.filter(([, candidate]) => candidate.Properties?.['StageName'] === '$default');
    if (stage === undefined) continue;
    const [stageId, { Properties: stageProperties = {} }] = stage;
    const routeKey = resolveIntrinsicString(
      route.Properties?.['RouteKey'],
      context,
      `Resources.${logicalId}.Properties.RouteKey`,
    );
    const stagePath = `Resources.${stageId}.Properties`;
    const defaults = resolveIntrinsics(
      stageProperties['DefaultRouteSettings'],
      context,
      `${stagePath}.DefaultRouteSettings`,
    );
    const overrides = resolveIntrinsics(
      stageProperties['RouteSettings'],
      context,
      `${stagePath}.RouteSettings`,
    );
    const own = isRecord(overrides) ? overrides[routeKey] : undefined;
    const ownPath = `${stagePath}.RouteSettings["${routeKey}"]`;
    const read = (key: string): number | undefined =>
      limitAt(own, key, ownPath) ?? limitAt(defaults, key, `${stagePath}.DefaultRouteSettings`);
    const rate = read('ThrottlingRateLimit');
    const burst = read('ThrottlingBurstLimit');
    if (rate === undefined && burst === undefined) continue;
    if (rate === undefined || burst === undefined) {
      const missing = rate === undefined ? 'ThrottlingRateLimit' : 'ThrottlingBurstLimit';
      notes.add(
        `${routeKey}: ${stagePath} sets no ${missing}, which API Gateway reads as 0: ${
          rate === undefined ? 'no refill once the burst is spent' : 'every request answered 429'
        }`,
      );
    }
    routes.push({
      routeKey,
      limits: { ratePerSecond: rate ?? 0, burst: burst ?? 0 },
    });
  }
  return { routes, notes: [...notes] };
};
