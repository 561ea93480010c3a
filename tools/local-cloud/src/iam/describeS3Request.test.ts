import { describe, expect, it } from 'vitest';
import { type BufferedRequest, parseRawQuery } from './BufferedRequest.ts';
import { describeS3Request } from './describeS3Request.ts';

const request = (
  method: string,
  url: string,
  headers: Record<string, string> = {},
  body = '',
): BufferedRequest => {
  const [rawPath = '/', rawQuery = ''] = url.split('?');
  return {
    method,
    rawPath,
    rawQuery,
    query: parseRawQuery(rawQuery),
    headers: { host: '127.0.0.1:4566', ...headers },
    body: Buffer.from(body),
  };
};

const actionsOf = (described: ReturnType<typeof describeS3Request>): string[] =>
  described.checks.map((check) => `${check.action ?? '?'} ${check.resources.join('|')}`);

describe('describeS3Request', () => {
  it.each([
    ['GET', '/b/labels/a%20b.pdf?x-id=GetObject', 's3:GetObject arn:aws:s3:::b/labels/a b.pdf'],
    ['HEAD', '/b/k', 's3:GetObject arn:aws:s3:::b/k'],
    ['GET', '/b/k?versionId=3', 's3:GetObjectVersion arn:aws:s3:::b/k'],
    ['PUT', '/b/k?x-id=PutObject', 's3:PutObject arn:aws:s3:::b/k'],
    ['PUT', '/b/k?partNumber=1&uploadId=u', 's3:PutObject arn:aws:s3:::b/k'],
    ['POST', '/b/k?uploads', 's3:PutObject arn:aws:s3:::b/k'],
    ['DELETE', '/b/k?uploadId=u', 's3:AbortMultipartUpload arn:aws:s3:::b/k'],
    ['GET', '/b/k?tagging', 's3:GetObjectTagging arn:aws:s3:::b/k'],
    ['DELETE', '/b/k', 's3:DeleteObject arn:aws:s3:::b/k'],
    ['GET', '/b?list-type=2&prefix=labels%2F', 's3:ListBucket arn:aws:s3:::b'],
    ['HEAD', '/b', 's3:ListBucket arn:aws:s3:::b'],
    ['GET', '/b?versions', 's3:ListBucketVersions arn:aws:s3:::b'],
    ['PUT', '/b', 's3:CreateBucket arn:aws:s3:::b'],
    ['PUT', '/b?policy', 's3:PutBucketPolicy arn:aws:s3:::b'],
    ['GET', '/', 's3:ListAllMyBuckets *'],
    ['GET', '/b?website', 's3:GetBucketWebsite arn:aws:s3:::b'],
    ['GET', '/b?replication', '? arn:aws:s3:::b'],
  ])('%s %s needs %s', (method, url, expected) => {
    // Act
    const described = describeS3Request(request(method, url));

    // Assess
    expect(actionsOf(described)).toEqual([expected]);
  });

  it('needs the source object for a copy, and each key of a multi-object delete', () => {
    // Prepare
    const copy = request('PUT', '/b/dest', { 'x-amz-copy-source': '/src/a%2Fb.pdf' });
    const deletion = request(
      'POST',
      '/b?delete',
      {},
      '<Delete><Object><Key>a &amp; b</Key></Object><Object><Key>c</Key><VersionId>1</VersionId></Object></Delete>',
    );

    // Act
    const copied = describeS3Request(copy);
    const deleted = describeS3Request(deletion);

    // Assess
    expect(actionsOf(copied)).toEqual([
      's3:PutObject arn:aws:s3:::b/dest',
      's3:GetObject arn:aws:s3:::src/a/b.pdf',
    ]);
    expect(actionsOf(deleted)).toEqual([
      's3:DeleteObject arn:aws:s3:::b/a & b',
      's3:DeleteObjectVersion arn:aws:s3:::b/c',
    ]);
  });

  it('reads the bucket from a virtual-hosted host, and the prefix as a condition key', () => {
    // Prepare
    const virtual = request('GET', '/?list-type=2&prefix=labels%2F', {
      host: 'labels.localhost:4566',
    });

    // Act
    const described = describeS3Request(virtual);

    // Assess
    expect(described.checks).toEqual([
      {
        action: 's3:ListBucket',
        resources: ['arn:aws:s3:::labels'],
        context: { 's3:prefix': 'labels/' },
      },
    ]);
  });
});
