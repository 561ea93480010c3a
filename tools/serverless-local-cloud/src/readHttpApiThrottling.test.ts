import { describe, expect, it } from 'vitest';
import { LocalCloudPluginError } from './errors.ts';
import { readHttpApiThrottling } from './readHttpApiThrottling.ts';
import { buildResourceCatalog, type LocalCloudIdentity } from './resourceCatalog.ts';
import type { CloudFormationResource } from './serverlessTypes.ts';

const identity: LocalCloudIdentity = {
  region: 'us-east-1',
  accountId: '000000000000',
  partition: 'aws',
  sqsEndpoint: 'http://127.0.0.1:4566',
};

/** An HTTP API as osls compiles it: the API, its $default stage and a route per key. */
const httpApi = (
  stageProperties: Readonly<Record<string, unknown>>,
  routeKeys: readonly string[],
): Record<string, CloudFormationResource> => ({
  HttpApi: { Type: 'AWS::ApiGatewayV2::Api', Properties: { Name: 'svc-dev' } },
  HttpApiStage: {
    Type: 'AWS::ApiGatewayV2::Stage',
    Properties: { ApiId: { Ref: 'HttpApi' }, StageName: '$default', ...stageProperties },
  },
  ...Object.fromEntries(
    routeKeys.map((routeKey, index) => [
      `HttpApiRoute${String(index)}`,
      {
        Type: 'AWS::ApiGatewayV2::Route',
        Properties: { ApiId: { Ref: 'HttpApi' }, RouteKey: routeKey },
      },
    ]),
  ),
});

const read = (resources: Readonly<Record<string, CloudFormationResource>>) =>
  readHttpApiThrottling(resources, buildResourceCatalog(resources, 'svc-dev', identity).context);

describe('readHttpApiThrottling', () => {
  it('gives every route the stage default limits', () => {
    // Prepare
    const resources = httpApi(
      { DefaultRouteSettings: { ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100 } },
      ['POST /checkout', 'GET /orders/{orderId}'],
    );

    // Act
    const throttling = read(resources);

    // Assess
    expect(throttling).toEqual({
      routes: [
        { routeKey: 'POST /checkout', limits: { ratePerSecond: 50, burst: 100 } },
        { routeKey: 'GET /orders/{orderId}', limits: { ratePerSecond: 50, burst: 100 } },
      ],
      notes: [],
    });
  });

  it('lets a RouteSettings entry override the defaults for its route, limit by limit', () => {
    // Prepare
    const resources = httpApi(
      {
        DefaultRouteSettings: { ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100 },
        RouteSettings: { 'POST /checkout': { ThrottlingRateLimit: 0.5 } },
      },
      ['POST /checkout', 'GET /orders/{orderId}'],
    );

    // Act
    const { routes } = read(resources);

    // Assess
    expect(routes).toEqual([
      { routeKey: 'POST /checkout', limits: { ratePerSecond: 0.5, burst: 100 } },
      { routeKey: 'GET /orders/{orderId}', limits: { ratePerSecond: 50, burst: 100 } },
    ]);
  });

  it('throttles nothing when the stage sets no limit, as in AWS where only the account limits apply', () => {
    // Prepare
    const resources = httpApi({ DefaultRouteSettings: { DetailedMetricsEnabled: true } }, [
      'POST /checkout',
    ]);

    // Act
    const throttling = read(resources);

    // Assess
    expect(throttling).toEqual({ routes: [], notes: [] });
  });

  it('reads a limit left out as 0, as API Gateway does, and says so', () => {
    // Prepare
    const resources = httpApi({ DefaultRouteSettings: { ThrottlingRateLimit: '20' } }, [
      'GET /orders/{orderId}',
    ]);

    // Act
    const { routes, notes } = read(resources);

    // Assess
    expect(routes).toEqual([
      { routeKey: 'GET /orders/{orderId}', limits: { ratePerSecond: 20, burst: 0 } },
    ]);
    expect(notes).toEqual([
      'GET /orders/{orderId}: Resources.HttpApiStage.Properties sets no ThrottlingBurstLimit, which API Gateway reads as 0: every request answered 429',
    ]);
  });

  it('ignores routes of an API without a stage in the template', () => {
    // Prepare
    const resources: Record<string, CloudFormationResource> = {
      ImportedApiRoute: {
        Type: 'AWS::ApiGatewayV2::Route',
        Properties: { ApiId: 'a1b2c3', RouteKey: 'GET /elsewhere' },
      },
    };

    // Act
    const { routes } = read(resources);

    // Assess
    expect(routes).toEqual([]);
  });

  it('stops on a limit that is not a number ≥ 0, naming where it is', () => {
    // Prepare
    const resources = httpApi(
      { DefaultRouteSettings: { ThrottlingRateLimit: -1, ThrottlingBurstLimit: 10 } },
      ['POST /checkout'],
    );

    // Act
    const reading = () => read(resources);

    // Assess
    expect(reading).toThrow(LocalCloudPluginError);
    expect(reading).toThrow(
      'Resources.HttpApiStage.Properties.DefaultRouteSettings.ThrottlingRateLimit must be a number ≥ 0, got -1',
    );
  });
});
