import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { awsEndpointFunctions } from '@aws-sdk/core/client';
import { formatUrl } from '@aws-sdk/core/util';
import { S3RequestPresigner } from '@aws-sdk/s3-request-presigner';
import { Sha256 } from '@smithy/core/checksum';
import { isIpAddress } from '@smithy/core/endpoints';
import { HttpRequest } from '@smithy/core/protocols';
import type { AwsCredentialIdentityProvider } from '@smithy/types';
import type { StoreLabel } from '../domain/label.ts';

/** Adapter: writes a label PDF to the labels bucket (encrypted at rest by the bucket's default). */
export const makeStoreLabel =
  (client: S3Client, bucket: string): StoreLabel =>
  async (key, pdf) => {
    await client.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: key,
        Body: pdf,
        ContentType: 'application/pdf',
      }),
    );
  };

/** Port: a short-lived URL that downloads one label. */
export type LabelUrl = (
  key: string,
) => Promise<{ readonly url: string; readonly expiresAt: string }>;

/**
 * The S3 endpoint the SDK's clients would use from the environment: `AWS_ENDPOINT_URL_S3`, else
 * `AWS_ENDPOINT_URL` (an empty one counts as unset), none with
 * `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true`. Locally it is the local cloud's; in Lambda, none.
 */
export const s3EndpointFromEnv = (env: NodeJS.ProcessEnv): string | undefined => {
  if (env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS?.toLowerCase() === 'true') return undefined;
  return [env.AWS_ENDPOINT_URL_S3, env.AWS_ENDPOINT_URL].find(
    (value) => value !== undefined && value !== '',
  );
};

/** Where the labels bucket is, and whose credentials sign its URLs. */
export interface LabelUrlSigning {
  readonly region: string;
  /** A custom S3 endpoint (`AWS_ENDPOINT_URL_S3`), such as the local cloud's. */
  readonly endpoint?: string | undefined;
  readonly credentials: AwsCredentialIdentityProvider;
}

// The SDK's URI encoding of a key (its `{Key+}` label): each segment, with !'()* too.
const encodeKey = (key: string): string =>
  key
    .split('/')
    .map((segment) =>
      encodeURIComponent(segment).replace(
        /[!'()*]/g,
        (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
      ),
    )
    .join('/');

// The S3 endpoint ruleset's own functions, exported only in a record typed for its rules engine.
const { partition, isVirtualHostableS3Bucket } = awsEndpointFunctions as unknown as {
  readonly partition: (region: string) => { readonly dnsSuffix: string };
  readonly isVirtualHostableS3Bucket: (bucket: string, allowSubDomains: boolean) => boolean;
};

// Where GetObject goes, as the S3 client addresses it: virtual-hosted where the bucket name
// allows, path style on an IP endpoint (the local cloud's http://127.0.0.1:PORT) or for a name
// with dots over https. The same rules as the S3 endpoint ruleset, with the functions it calls.
// Fixed for a bucket, so worked out once per adapter; each request adds only its key.
const bucketAddress = (signing: LabelUrlSigning, bucket: string) => {
  const base = new URL(
    signing.endpoint ?? `https://s3.${signing.region}.${partition(signing.region).dnsSuffix}`,
  );
  const virtualHosted =
    !isIpAddress(base.hostname) &&
    (isVirtualHostableS3Bucket(bucket, false) ||
      (base.protocol === 'http:' && isVirtualHostableS3Bucket(bucket, true)));
  const hostname = virtualHosted ? `${bucket}.${base.hostname}` : base.hostname;
  const port = base.port === '' ? undefined : Number(base.port);
  return {
    protocol: base.protocol,
    hostname,
    ...(port === undefined ? {} : { port }),
    pathPrefix: `${base.pathname.replace(/\/$/, '')}${virtualHosted ? '' : `/${bucket}`}`,
    host: port === undefined ? hostname : `${hostname}:${String(port)}`,
  };
};

/**
 * Adapter: presigns a GET of a label for `expiresInSeconds`. Signing happens locally with the
 * function's credentials: the URL can do no more than the function's role may.
 *
 * Signed by the SDK's own S3 presigner, without an S3 client: `getSignedUrl` needs one, and the
 * client with its S3 middleware was about 150 kB of the route's 520 kB minified, for a call it
 * never makes. The URL is the one `getSignedUrl` writes, byte for byte (`labelsBucket.test.ts`
 * compares them on AWS and local endpoints).
 */
export const makeLabelUrl = (
  signing: LabelUrlSigning,
  bucket: string,
  expiresInSeconds: number,
  now: () => Date = () => new Date(),
): LabelUrl => {
  const { pathPrefix, host, ...address } = bucketAddress(signing, bucket);
  const presigner = new S3RequestPresigner({
    region: signing.region,
    credentials: signing.credentials,
    sha256: Sha256,
  });
  return async (key) => {
    const signedAt = now();
    const fileName = key.slice(key.lastIndexOf('/') + 1);
    const request = new HttpRequest({
      ...address,
      method: 'GET',
      path: `${pathPrefix}/${encodeKey(key)}`,
      query: {
        'response-content-disposition': `inline; filename="${fileName}"`,
        'response-content-type': 'application/pdf',
        // As GetObjectCommand sends them, so the URL stays the SDK's.
        'x-amz-checksum-mode': 'ENABLED',
        'x-id': 'GetObject',
      },
      headers: { host },
    });
    const presigned = await presigner.presign(request, {
      expiresIn: expiresInSeconds,
      signingDate: signedAt,
    });
    return {
      url: formatUrl(presigned),
      expiresAt: new Date(signedAt.getTime() + expiresInSeconds * 1000).toISOString(),
    };
  };
};
