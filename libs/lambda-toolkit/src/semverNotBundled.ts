// Not an entry of this package: every service's esbuild settings (services/serverless.base.yml,
// `alias`) bundle this module in place of `semver`. The X-Ray SDK, which the tracer carries,
// requires semver only to check the version of an AWS SDK v2 it is asked to patch
// (`captureAWS`); the services use SDK v3 and `captureAWSv3Client`, so semver, 29 kB of every
// minified bundle, was never called.

/** semver's `gte`, as the X-Ray SDK's v2 patcher calls it: not available in a bundle. */
export const gte = (): never => {
  throw new Error(
    'semver is left out of the bundles (services/serverless.base.yml, esbuild alias): patching an AWS SDK v2 needs it',
  );
};
