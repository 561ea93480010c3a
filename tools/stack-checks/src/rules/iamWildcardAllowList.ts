/**
 * AWS API actions that have no resource-level permissions, so IAM only accepts them with
 * `"Resource": "*"`. Only these may use `*` as Resource, and only in a statement of nothing but
 * them. Keep the list short: each entry needs the reason it cannot be scoped. Exact names only:
 * an action with a wildcard fails the rule whatever this list holds.
 */
export const iamWildcardAllowList: ReadonlySet<string> = new Set([
  // X-Ray tracing (Lambda active tracing, Powertools tracer): segments are not resources.
  'xray:PutTraceSegments',
  // X-Ray tracing: the SDK's telemetry about itself; no resource type exists for it.
  'xray:PutTelemetryRecords',
]);
