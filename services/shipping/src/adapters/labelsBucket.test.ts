import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type LabelUrlSigning, makeLabelUrl, s3EndpointFromEnv } from './labelsBucket.ts';

// Presigning is local computation: no server is contacted, so expiry is checked here (the local
// cloud checks neither signatures nor expiry). The S3 client is only the reference here: its
// getSignedUrl must write the same URL.
const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret', sessionToken: 'tok' };
const signing = (region: string, endpoint?: string): LabelUrlSigning => ({
  region,
  endpoint,
  credentials: () => Promise.resolve(credentials),
});
const signedAt = new Date('2026-11-20T10:00:00.000Z');

// The reference client reads the environment and ~/.aws/config too: without these, a shell set
// up for the local cloud (AWS_ENDPOINT_URL_S3) or a non-default checksum setting would move it.
beforeAll(() => {
  vi.stubEnv('AWS_IGNORE_CONFIGURED_ENDPOINT_URLS', 'true');
  vi.stubEnv('AWS_CONFIG_FILE', '/nonexistent/aws-config');
  vi.stubEnv('AWS_SHARED_CREDENTIALS_FILE', '/nonexistent/aws-credentials');
});
afterAll(() => {
  vi.unstubAllEnvs();
});

const sdkUrl = async (
  { region, endpoint }: { region: string; endpoint?: string | undefined },
  bucket: string,
  key: string,
  expiresIn: number,
) =>
  getSignedUrl(
    new S3Client({
      region,
      credentials,
      responseChecksumValidation: 'WHEN_SUPPORTED',
      useFipsEndpoint: false,
      useDualstackEndpoint: false,
      ...(endpoint === undefined ? {} : { endpoint }),
    }),
    new GetObjectCommand({
      Bucket: bucket,
      Key: key,
      ResponseContentType: 'application/pdf',
      ResponseContentDisposition: `inline; filename="${key.slice(key.lastIndexOf('/') + 1)}"`,
    }),
    { expiresIn, signingDate: signedAt },
  );

describe('makeLabelUrl', () => {
  it('presigns a GET of the label that expires after the configured lifetime', async () => {
    // Prepare
    const labelUrl = makeLabelUrl(
      signing('eu-west-2'),
      'conveyor-dev-shipping-labels-123456789012',
      300,
      () => signedAt,
    );

    // Act
    const { url, expiresAt } = await labelUrl('labels/ord-1.pdf');

    // Assess
    const parsed = new URL(url);
    expect(parsed.hostname).toBe(
      'conveyor-dev-shipping-labels-123456789012.s3.eu-west-2.amazonaws.com',
    );
    expect(parsed.pathname).toBe('/labels/ord-1.pdf');
    expect(parsed.searchParams.get('X-Amz-Expires')).toBe('300');
    expect(parsed.searchParams.get('X-Amz-Date')).toBe('20261120T100000Z');
    expect(parsed.searchParams.get('X-Amz-Signature')).toMatch(/^[0-9a-f]{64}$/);
    expect(parsed.searchParams.get('X-Amz-Security-Token')).toBe('tok');
    expect(parsed.searchParams.get('response-content-type')).toBe('application/pdf');
    expect(parsed.searchParams.get('response-content-disposition')).toBe(
      'inline; filename="ord-1.pdf"',
    );
    expect(expiresAt).toBe('2026-11-20T10:05:00.000Z');
  });

  it('uses the lifetime it is given', async () => {
    // Prepare
    const labelUrl = makeLabelUrl(signing('eu-west-2'), 'labels-bucket', 60);

    // Act
    const { url } = await labelUrl('labels/ord-2.pdf');

    // Assess
    expect(new URL(url).searchParams.get('X-Amz-Expires')).toBe('60');
  });

  it.each([
    {
      case: 'AWS, virtual-hosted',
      region: 'eu-west-2',
      bucket: 'conveyor-prod-labels-1',
      key: 'labels/ord-1.pdf',
    },
    {
      case: 'AWS in us-east-1',
      region: 'us-east-1',
      bucket: 'labels-bucket',
      key: 'labels/ord-1.pdf',
    },
    {
      case: 'AWS China partition',
      region: 'cn-north-1',
      bucket: 'labels-bucket',
      key: 'labels/ord-1.pdf',
    },
    {
      case: 'a bucket name with dots (path style over https)',
      region: 'eu-west-1',
      bucket: 'labels.example.com',
      key: 'labels/ord-1.pdf',
    },
    {
      case: 'a key that needs escaping',
      region: 'eu-west-2',
      bucket: 'labels-bucket',
      key: "labels/a b+c(1)!*'~é/ord=1&2.pdf",
    },
    {
      case: 'the local cloud (an IP endpoint: path style)',
      region: 'eu-west-2',
      endpoint: 'http://127.0.0.1:4566',
      bucket: 'conveyor-local-labels',
      key: 'labels/ord-1.pdf',
    },
    {
      case: 'a named endpoint (virtual-hosted)',
      region: 'eu-west-2',
      endpoint: 'http://localhost:4566',
      bucket: 'conveyor-local-labels',
      key: 'labels/ord-1.pdf',
    },
    {
      case: 'a named http endpoint and a bucket with dots',
      region: 'eu-west-2',
      endpoint: 'http://localhost:4566',
      bucket: 'labels.local',
      key: 'labels/ord-1.pdf',
    },
    {
      case: 'an IPv6 endpoint',
      region: 'eu-west-2',
      endpoint: 'http://[::1]:4566',
      bucket: 'conveyor-local-labels',
      key: 'labels/ord-1.pdf',
    },
  ])(
    'writes the URL the SDK’s getSignedUrl writes: $case',
    async ({ region, endpoint, bucket, key }) => {
      // Prepare
      const labelUrl = makeLabelUrl(signing(region, endpoint), bucket, 300, () => signedAt);

      // Act
      const { url } = await labelUrl(key);

      // Assess
      expect(url).toBe(await sdkUrl({ region, endpoint }, bucket, key, 300));
    },
  );
});

describe('s3EndpointFromEnv', () => {
  it.each([
    { case: 'nothing configured (Lambda)', env: {}, expected: undefined },
    {
      case: 'the S3 endpoint first',
      env: { AWS_ENDPOINT_URL_S3: 'http://127.0.0.1:4566', AWS_ENDPOINT_URL: 'http://other:1' },
      expected: 'http://127.0.0.1:4566',
    },
    {
      case: 'the general endpoint when the S3 one is unset or empty',
      env: { AWS_ENDPOINT_URL_S3: '', AWS_ENDPOINT_URL: 'http://127.0.0.1:4566' },
      expected: 'http://127.0.0.1:4566',
    },
    {
      case: 'none when configured endpoints are ignored',
      env: {
        AWS_ENDPOINT_URL_S3: 'http://127.0.0.1:4566',
        AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: 'true',
      },
      expected: undefined,
    },
  ])('as the SDK reads it: $case', ({ env, expected }) => {
    // Act
    const endpoint = s3EndpointFromEnv(env);

    // Assess
    expect(endpoint).toBe(expected);
  });
});
