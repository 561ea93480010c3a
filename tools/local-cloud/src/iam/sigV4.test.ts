import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { describe, expect, it } from 'vitest';
import { type BufferedRequest, parseRawQuery } from './BufferedRequest.ts';
import { readSigV4, signatureMatches } from './sigV4.ts';

// From AWS's Signature Version 4 test suite (get-vanilla, get-vanilla-query-order-key-case).
const secret = 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY';

const signedGet = (rawQuery: string, signature: string): BufferedRequest => ({
  method: 'GET',
  rawPath: '/',
  rawQuery,
  query: parseRawQuery(rawQuery),
  headers: {
    host: 'example.amazonaws.com',
    'x-amz-date': '20150830T123600Z',
    authorization: `AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=${signature}`,
  },
  body: Buffer.alloc(0),
});

describe('SigV4 verification', () => {
  it.each([
    ['', '5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31'],
    [
      'Param2=value2&Param1=value1',
      'b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500',
    ],
  ])('accepts the test suite request with query %j signed with its secret', (query, expected) => {
    // Prepare
    const request = signedGet(query, expected);

    // Act
    const signature = readSigV4(request);

    // Assess
    expect(signature).toMatchObject({
      accessKeyId: 'AKIDEXAMPLE',
      service: 'service',
      presigned: false,
    });
    if (signature === undefined || 'malformed' in signature) throw new Error('not read');
    expect(signatureMatches(request, signature, secret)).toBe(true);
    expect(signatureMatches(request, signature, 'another secret')).toBe(false);
    expect(signatureMatches({ ...request, method: 'POST' }, signature, secret)).toBe(false);
  });

  it('reads nothing from an unsigned request and a failure from a malformed one', () => {
    // Prepare
    const unsigned = { ...signedGet('', 'x'), headers: { host: 'example.amazonaws.com' } };
    const malformed = {
      ...signedGet('', 'x'),
      headers: {
        authorization:
          'AWS4-HMAC-SHA256 Credential=AKID/20150830/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=ab',
      },
    };

    // Act
    const none = readSigV4(unsigned);
    const failure = readSigV4(malformed);

    // Assess
    expect(none).toBeUndefined();
    expect(failure).toEqual({
      malformed: expect.stringContaining('X-Amz-Date') as string,
      accessKeyId: 'AKID',
    });
  });

  it('checks each request against its own secret and scope, across more of them than it keeps keys for', async () => {
    // Prepare: presigned by the SDK, 80 secrets in 80 regions (the signing keys are cached, 64 at most).
    const signed = await Promise.all(
      Array.from({ length: 80 }, async (_, index) => {
        const secret = `secret-${String(index)}`;
        const client = new S3Client({
          region: `test-region-${String(index)}`,
          endpoint: 'http://127.0.0.1:4566',
          forcePathStyle: true,
          credentials: { accessKeyId: `AKID${String(index)}`, secretAccessKey: secret },
        });
        const url = new URL(
          await getSignedUrl(client, new GetObjectCommand({ Bucket: 'labels', Key: 'a.pdf' })),
        );
        client.destroy();
        const rawQuery = url.search.slice(1);
        const request: BufferedRequest = {
          method: 'GET',
          rawPath: url.pathname,
          rawQuery,
          query: parseRawQuery(rawQuery),
          headers: { host: url.host },
          body: Buffer.alloc(0),
        };
        return { secret, request };
      }),
    );

    // Act: each twice, and each against its neighbour's secret.
    const verdicts = [...signed, ...signed].map(({ secret, request }, index) => {
      const signature = readSigV4(request);
      if (signature === undefined || 'malformed' in signature) throw new Error('not read');
      const other = signed[(index + 1) % signed.length]?.secret ?? '';
      return [
        signatureMatches(request, signature, secret),
        signatureMatches(request, signature, other),
      ];
    });

    // Assess
    expect(verdicts).toEqual(Array.from({ length: 160 }, () => [true, false]));
  });
});
