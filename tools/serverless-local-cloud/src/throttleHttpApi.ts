import { makeTokenBucket } from './makeTokenBucket.ts';
import type { ThrottledRoute } from './readHttpApiThrottling.ts';

/** The part of a Hapi response toolkit's response this module uses. */
export interface HapiResponse {
  code(statusCode: number): HapiResponse;
  type(mimeType: string): HapiResponse;
  header(name: string, value: string): HapiResponse;
  takeover(): HapiResponse;
}

/** The part of Hapi's request this module reads: the route it matched, as registered. */
export interface HapiRequest {
  readonly route: { readonly method: string; readonly path: string };
}

/** The part of Hapi's response toolkit (`h`) this module uses. */
export interface HapiToolkit {
  readonly continue: symbol;
  response(source: string): HapiResponse;
}

/** The part of a Hapi server (serverless-offline's HTTP server) this module uses. */
export interface HapiServer {
  ext(event: 'onPreAuth', method: (request: HapiRequest, h: HapiToolkit) => unknown): void;
}

/** How {@link throttleHttpApi} fits serverless-offline's routes. */
export interface ThrottleHttpApiOptions {
  /** serverless-offline's `prefix` option, which it puts before every path. */
  readonly pathPrefix?: string | undefined;
  /** A monotonic clock in milliseconds. */
  readonly now: () => number;
  /** Called for each request answered 429. */
  readonly onThrottled?: (route: ThrottledRoute) => void;
}

/**
 * The route serverless-offline registers with Hapi for an HTTP API route key, as Hapi keeps it
 * (`request.route`): lower-case method (`*` for ANY) and path, greedy `{proxy+}` as `{proxy*}`.
 *
 * @example
 * ```ts
 * offlineRouteOf('GET /files/{path+}'); // 'get /files/{path*}'
 * ```
 */
export const offlineRouteOf = (routeKey: string, pathPrefix?: string): string => {
  if (routeKey === '$default') return '* /{default*}';
  const [method = '', path = ''] = routeKey.split(' ');
  let hapiPath = path.startsWith('/') ? path : `/${path}`;
  if (pathPrefix !== undefined && pathPrefix !== '') hapiPath = `/${pathPrefix}${hapiPath}`;
  if (hapiPath !== '/' && hapiPath.endsWith('/')) hapiPath = hapiPath.slice(0, -1);
  return `${method === 'ANY' ? '*' : method.toLowerCase()} ${hapiPath.replaceAll('+}', '*}')}`;
};

const perSecond = (rate: number): string => `${String(rate)} request${rate === 1 ? '' : 's'}/s`;

/** A route's limits in words: `50 requests/s, bursts of 100`. */
export const describeLimits = ({ limits }: ThrottledRoute): string =>
  `${perSecond(limits.ratePerSecond)}, bursts of ${String(limits.burst)}`;

const tooManyRequests = (route: ThrottledRoute): string =>
  JSON.stringify({
    type: 'about:blank',
    title: 'Too Many Requests',
    status: 429,
    detail: `${route.routeKey} is over its stage's throttling limits (${describeLimits(route)}); retry later.`,
  });

/**
 * Throttles HTTP API routes on serverless-offline's Hapi server as API Gateway does: one token
 * bucket per route, and a request that finds it empty is answered `429` with an RFC 9457
 * `application/problem+json` body (and `Retry-After` when a token is due), before its function is
 * invoked. Routes not listed, and offline's own (404, CORS preflight), pass untouched.
 */
export const throttleHttpApi = (
  server: HapiServer,
  routes: readonly ThrottledRoute[],
  options: ThrottleHttpApiOptions,
): void => {
  const buckets = new Map(
    routes.map((route) => [
      offlineRouteOf(route.routeKey, options.pathPrefix),
      { route, bucket: makeTokenBucket(route.limits, options.now) },
    ]),
  );
  // onPreAuth: the route is matched, and neither the authorizer, the body nor the function has run.
  server.ext('onPreAuth', (request, h) => {
    const throttled = buckets.get(`${request.route.method} ${request.route.path}`);
    if (throttled === undefined) return h.continue;
    const decision = throttled.bucket.take();
    if (decision.allowed) return h.continue;
    options.onThrottled?.(throttled.route);
    const response = h
      .response(tooManyRequests(throttled.route))
      .code(429)
      .type('application/problem+json');
    if (decision.retryAfterMs !== undefined) {
      response.header('retry-after', String(Math.max(1, Math.ceil(decision.retryAfterMs / 1000))));
    }
    return response.takeover();
  });
};
