// Not an entry of this package: every service's esbuild settings (services/serverless.base.yml,
// `alias`) bundle this module in place of `@aws-sdk/credential-provider-node`, the SDK clients'
// default credential chain. That chain also carries SSO, shared config files, credential
// processes, web identity and instance metadata, with the nested SSO, OIDC and STS clients they
// call: a third of a bundle that builds one client. Lambda (and the local run) hands a function
// its role's credentials in the environment, or, on runtimes that use one, a container
// credentials endpoint; those two links are kept, and nothing else. Tests and scripts that run
// unbundled keep the SDK's full chain.
import { fromEnv } from '@aws-sdk/credential-provider-env';
import { fromHttp } from '@aws-sdk/credential-provider-http';
import { chain, CredentialsProviderError, memoize } from '@smithy/core/config';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider, Logger } from '@smithy/types';

/** What the SDK clients pass to their default credential provider (the parts used here). */
export interface DefaultProviderInit {
  readonly logger?: Logger;
}

// As the SDK's chain: refresh credentials that expire within five minutes.
const EXPIRY_WINDOW_MS = 300_000;

/** Whether credentials expire at all (static ones never need a refresh). */
export const credentialsWillNeedRefresh = (credentials: AwsCredentialIdentity): boolean =>
  credentials.expiration !== undefined;

/** Whether credentials expire within the SDK's refresh window. */
export const credentialsTreatedAsExpired = (credentials: AwsCredentialIdentity): boolean =>
  credentials.expiration !== undefined &&
  credentials.expiration.getTime() - Date.now() < EXPIRY_WINDOW_MS;

/**
 * The credential chain of a Lambda function: `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY` and
 * `AWS_SESSION_TOKEN` from the environment, else the container credentials endpoint
 * (`AWS_CONTAINER_CREDENTIALS_FULL_URI` or `_RELATIVE_URI`), memoized and refreshed before
 * expiry as the SDK's own chain does.
 *
 * @example
 * ```ts
 * const sns = new SNSClient({ credentialDefaultProvider: defaultProvider });
 * ```
 */
export const defaultProvider = (init: DefaultProviderInit = {}): AwsCredentialIdentityProvider =>
  memoize(
    chain(fromEnv(init), async () => {
      if (
        process.env.AWS_CONTAINER_CREDENTIALS_FULL_URI === undefined &&
        process.env.AWS_CONTAINER_CREDENTIALS_RELATIVE_URI === undefined
      ) {
        throw new CredentialsProviderError(
          'No credentials in the environment and no container credentials endpoint: a Lambda bundle has no other source',
          { tryNextLink: false, ...(init.logger === undefined ? {} : { logger: init.logger }) },
        );
      }
      return fromHttp(init)();
    }),
    credentialsTreatedAsExpired,
    credentialsWillNeedRefresh,
  );
