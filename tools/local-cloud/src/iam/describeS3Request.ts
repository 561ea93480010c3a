import type { AuthorizationCheck, DescribedRequest } from './AuthorizationCheck.ts';
import { type BufferedRequest, hasQuery, queryValue } from './BufferedRequest.ts';
import { s3Arn } from './arns.ts';

/** The bucket and key a request addresses (path style, or virtual-hosted as fauxqs reads it). */
export interface S3Address {
  readonly bucket: string | undefined;
  readonly key: string | undefined;
}

const decode = (text: string): string => {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
};

/**
 * Finds bucket and key as fauxqs routes them: a dotted, non-IP host names the bucket
 * (virtual-hosted style), otherwise the first path segment does.
 */
export const s3AddressOf = (request: BufferedRequest): S3Address => {
  const host = (request.headers['host'] ?? '').split(':')[0] ?? '';
  const path = request.rawPath.startsWith('/') ? request.rawPath.slice(1) : request.rawPath;
  if (host.includes('.') && !/^\d+\.\d+\.\d+\.\d+$/.test(host)) {
    const bucket = host.slice(0, host.indexOf('.'));
    return { bucket, key: path === '' ? undefined : decode(path) };
  }
  const slash = path.indexOf('/');
  if (path === '') return { bucket: undefined, key: undefined };
  if (slash < 0) return { bucket: decode(path), key: undefined };
  const key = path.slice(slash + 1);
  return { bucket: decode(path.slice(0, slash)), key: key === '' ? undefined : decode(key) };
};

// Bucket and object sub-resources (query parameters that select another API), by method.
const bucketActions: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  GET: {
    location: 'GetBucketLocation',
    versions: 'ListBucketVersions',
    uploads: 'ListBucketMultipartUploads',
    policy: 'GetBucketPolicy',
    policyStatus: 'GetBucketPolicyStatus',
    acl: 'GetBucketAcl',
    tagging: 'GetBucketTagging',
    versioning: 'GetBucketVersioning',
    lifecycle: 'GetLifecycleConfiguration',
    cors: 'GetBucketCORS',
    encryption: 'GetEncryptionConfiguration',
    notification: 'GetBucketNotification',
    publicAccessBlock: 'GetBucketPublicAccessBlock',
    ownershipControls: 'GetBucketOwnershipControls',
    website: 'GetBucketWebsite',
    logging: 'GetBucketLogging',
  },
  PUT: {
    policy: 'PutBucketPolicy',
    acl: 'PutBucketAcl',
    tagging: 'PutBucketTagging',
    versioning: 'PutBucketVersioning',
    lifecycle: 'PutLifecycleConfiguration',
    cors: 'PutBucketCORS',
    encryption: 'PutEncryptionConfiguration',
    notification: 'PutBucketNotification',
    publicAccessBlock: 'PutBucketPublicAccessBlock',
    ownershipControls: 'PutBucketOwnershipControls',
    website: 'PutBucketWebsite',
    logging: 'PutBucketLogging',
  },
  DELETE: {
    policy: 'DeleteBucketPolicy',
    tagging: 'PutBucketTagging',
    lifecycle: 'PutLifecycleConfiguration',
    cors: 'PutBucketCORS',
    encryption: 'PutEncryptionConfiguration',
    publicAccessBlock: 'PutBucketPublicAccessBlock',
    ownershipControls: 'PutBucketOwnershipControls',
    website: 'DeleteBucketWebsite',
  },
};

const objectSubresources: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  GET: {
    tagging: 'GetObjectTagging',
    acl: 'GetObjectAcl',
    uploadId: 'ListMultipartUploadParts',
    attributes: 'GetObjectAttributes',
    retention: 'GetObjectRetention',
    'legal-hold': 'GetObjectLegalHold',
  },
  PUT: {
    tagging: 'PutObjectTagging',
    acl: 'PutObjectAcl',
    retention: 'PutObjectRetention',
    'legal-hold': 'PutObjectLegalHold',
  },
  DELETE: { tagging: 'DeleteObjectTagging', uploadId: 'AbortMultipartUpload' },
  POST: { uploads: 'PutObject', uploadId: 'PutObject', restore: 'RestoreObject' },
};

// Every query parameter that selects a sub-resource; any other (list-type, prefix, x-id,
// response-*, X-Amz-*...) only shapes the call.
const subresourceNames = new Set([
  ...Object.values(bucketActions).flatMap((actions) => Object.keys(actions)),
  ...Object.values(objectSubresources).flatMap((actions) => Object.keys(actions)),
  'delete',
  'select',
  'object-lock',
  'replication',
  'accelerate',
  'requestPayment',
  'analytics',
  'inventory',
  'metrics',
  'intelligent-tiering',
  'torrent',
]);

const versioned = (action: string, request: BufferedRequest): string =>
  queryValue(request, 'versionId') === undefined
    ? action
    : action.replace(/Object/, 'ObjectVersion');

/** The keys (and versions) a DeleteObjects body names. */
const deletedKeys = (body: Buffer): { key: string; versioned: boolean }[] =>
  [...body.toString('utf8').matchAll(/<Object>([\s\S]*?)<\/Object>/g)].map(([, inner = '']) => ({
    key: (/<Key>([\s\S]*?)<\/Key>/.exec(inner)?.[1] ?? '')
      .replaceAll('&lt;', '<')
      .replaceAll('&gt;', '>')
      .replaceAll('&quot;', '"')
      .replaceAll('&apos;', "'")
      .replaceAll('&amp;', '&'),
    versioned: inner.includes('<VersionId>'),
  }));

/** The source `bucket/key` of a copy (`x-amz-copy-source`), as an object ARN. */
const copySource = (request: BufferedRequest): string | undefined => {
  const source = request.headers['x-amz-copy-source'];
  if (source === undefined) return undefined;
  const path = decode(source.split('?')[0] ?? '').replace(/^\//, '');
  const slash = path.indexOf('/');
  return slash < 0 ? undefined : s3Arn(path.slice(0, slash), path.slice(slash + 1));
};

/**
 * What an S3 REST call needs: the IAM action for its method and sub-resource, on the bucket or
 * object ARN (a copy also needs `s3:GetObject` on its source; a multi-object delete needs
 * `s3:DeleteObject` on each key). A sub-resource the local cloud does not map has no action.
 */
export const describeS3Request = (
  request: BufferedRequest,
  address: S3Address = s3AddressOf(request),
): DescribedRequest => {
  const method = request.method.toUpperCase();
  const subresources = request.query
    .map(([name]) => name)
    .filter((name) => subresourceNames.has(name));
  const context: Record<string, string> = {};
  for (const name of ['prefix', 'delimiter', 'max-keys'] as const) {
    const value = queryValue(request, name);
    if (value !== undefined) context[`s3:${name}`] = value;
  }
  const check = (action: string | undefined, resource: string): AuthorizationCheck => ({
    action: action === undefined ? undefined : `s3:${action}`,
    resources: [resource],
    context,
  });
  const { bucket, key } = address;
  if (bucket === undefined) {
    return {
      operation: 'ListBuckets',
      checks: [check(method === 'GET' ? 'ListAllMyBuckets' : undefined, '*')],
    };
  }
  if (key === undefined) {
    const resource = s3Arn(bucket);
    if (method === 'POST' && hasQuery(request, 'delete')) {
      const keys = deletedKeys(request.body);
      return {
        operation: 'DeleteObjects',
        checks:
          keys.length === 0
            ? [check('DeleteObject', s3Arn(bucket, '*'))]
            : keys.map(({ key: deleted, versioned: isVersion }) =>
                check(isVersion ? 'DeleteObjectVersion' : 'DeleteObject', s3Arn(bucket, deleted)),
              ),
      };
    }
    const [subresource] = subresources;
    if (subresource !== undefined) {
      const action = bucketActions[method]?.[subresource];
      return { operation: `${method} ?${subresource}`, checks: [check(action, resource)] };
    }
    const plain: Readonly<Record<string, string>> = {
      GET: 'ListBucket',
      HEAD: 'ListBucket',
      PUT: 'CreateBucket',
      DELETE: 'DeleteBucket',
    };
    return { operation: `${method} bucket`, checks: [check(plain[method], resource)] };
  }
  const resource = s3Arn(bucket, key);
  const [subresource] = subresources.filter((name) => !(method === 'PUT' && name === 'uploadId'));
  if (subresource !== undefined) {
    const action = objectSubresources[method]?.[subresource];
    return {
      operation: `${method} object ?${subresource}`,
      checks: [check(action === undefined ? undefined : versioned(action, request), resource)],
    };
  }
  switch (method) {
    case 'GET':
    case 'HEAD':
      return { operation: 'GetObject', checks: [check(versioned('GetObject', request), resource)] };
    case 'DELETE':
      return {
        operation: 'DeleteObject',
        checks: [check(versioned('DeleteObject', request), resource)],
      };
    case 'PUT': {
      // PutObject, UploadPart, CopyObject and UploadPartCopy all need s3:PutObject here.
      const source = copySource(request);
      const tagged = request.headers['x-amz-tagging'] !== undefined;
      return {
        operation: source === undefined ? 'PutObject' : 'CopyObject',
        checks: [
          check('PutObject', resource),
          ...(source === undefined ? [] : [check('GetObject', source)]),
          ...(tagged ? [check('PutObjectTagging', resource)] : []),
        ],
      };
    }
    default:
      return { operation: `${method} object`, checks: [check(undefined, resource)] };
  }
};
