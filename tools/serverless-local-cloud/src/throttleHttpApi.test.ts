import { describe, expect, it } from 'vitest';
import type { ThrottledRoute } from './readHttpApiThrottling.ts';
import {
  type HapiRequest,
  type HapiResponse,
  type HapiServer,
  type HapiToolkit,
  offlineRouteOf,
  throttleHttpApi,
} from './throttleHttpApi.ts';

/** What the extension answered one request: passed on, or the response it took over with. */
type Answer =
  | { readonly passed: true }
  | {
      readonly passed: false;
      readonly status: number | undefined;
      readonly type: string | undefined;
      readonly headers: Readonly<Record<string, string>>;
      readonly body: unknown;
    };

/**
 * Records the extension the glue registers and calls it as Hapi would for a matched route; the
 * real Hapi server is exercised by tests/httpApiThrottling.test.ts.
 */
const hapiServer = (): {
  server: HapiServer;
  request: (method: string, path: string) => Answer;
} => {
  let extension: ((request: HapiRequest, h: HapiToolkit) => unknown) | undefined;
  const proceed = Symbol('continue');
  return {
    server: {
      ext: (event, method) => {
        expect(event).toBe('onPreAuth');
        extension = method;
      },
    },
    request: (method, path) => {
      let status: number | undefined;
      let type: string | undefined;
      let body = '';
      const headers: Record<string, string> = {};
      const response: HapiResponse = {
        code: (statusCode) => {
          status = statusCode;
          return response;
        },
        type: (mimeType) => {
          type = mimeType;
          return response;
        },
        header: (name, value) => {
          headers[name] = value;
          return response;
        },
        takeover: () => response,
      };
      const toolkit: HapiToolkit = {
        continue: proceed,
        response: (source) => {
          body = source;
          return response;
        },
      };
      const result = extension?.({ route: { method, path } }, toolkit);
      return result === proceed
        ? { passed: true }
        : { passed: false, status, type, headers, body: JSON.parse(body) as unknown };
    },
  };
};

const checkout: ThrottledRoute = {
  routeKey: 'POST /checkout',
  limits: { ratePerSecond: 0.5, burst: 1 },
};
const getOrder: ThrottledRoute = {
  routeKey: 'GET /orders/{orderId}',
  limits: { ratePerSecond: 0, burst: 1 },
};

describe('offlineRouteOf', () => {
  it.each([
    { routeKey: 'POST /checkout', pathPrefix: undefined, route: 'post /checkout' },
    { routeKey: 'GET /files/{path+}', pathPrefix: undefined, route: 'get /files/{path*}' },
    { routeKey: 'ANY /items/', pathPrefix: undefined, route: '* /items' },
    { routeKey: '$default', pathPrefix: undefined, route: '* /{default*}' },
    { routeKey: 'GET /orders/{orderId}', pathPrefix: 'api', route: 'get /api/orders/{orderId}' },
  ])('maps $routeKey (prefix $pathPrefix) to $route', ({ routeKey, pathPrefix, route }) => {
    // Prepare: nothing beyond the parameters

    // Act
    const mapped = offlineRouteOf(routeKey, pathPrefix);

    // Assess
    expect(mapped).toBe(route);
  });
});

describe('throttleHttpApi', () => {
  it('answers 429 problem+json with Retry-After past a route’s bucket, and passes again once it refills', () => {
    // Prepare
    let now = 0;
    const hapi = hapiServer();
    throttleHttpApi(hapi.server, [checkout], { now: () => now });

    // Act
    const first = hapi.request('post', '/checkout');
    const second = hapi.request('post', '/checkout');
    now += 2_000;
    const refilled = hapi.request('post', '/checkout');

    // Assess
    expect(first).toEqual({ passed: true });
    expect(second).toEqual({
      passed: false,
      status: 429,
      type: 'application/problem+json',
      headers: { 'retry-after': '2' },
      body: {
        type: 'about:blank',
        title: 'Too Many Requests',
        status: 429,
        detail:
          "POST /checkout is over its stage's throttling limits (0.5 requests/s, bursts of 1); retry later.",
      },
    });
    expect(refilled).toEqual({ passed: true });
  });

  it('keeps a bucket per route, sends no Retry-After when none will refill, and leaves other routes alone', () => {
    // Prepare
    const throttled: string[] = [];
    const hapi = hapiServer();
    throttleHttpApi(hapi.server, [checkout, getOrder], {
      now: () => 0,
      onThrottled: (route) => {
        throttled.push(route.routeKey);
      },
    });

    // Act
    const orders = [
      hapi.request('get', '/orders/{orderId}'),
      hapi.request('get', '/orders/{orderId}'),
    ];
    const checkoutAfter = hapi.request('post', '/checkout');
    const notFound = [hapi.request('*', '/{p*}'), hapi.request('*', '/{p*}')];

    // Assess
    expect(orders[0]).toEqual({ passed: true });
    expect(orders[1]).toMatchObject({ passed: false, status: 429, headers: {} });
    expect(checkoutAfter).toEqual({ passed: true });
    expect(notFound).toEqual([{ passed: true }, { passed: true }]);
    expect(throttled).toEqual(['GET /orders/{orderId}']);
  });
});
