import { createHash, createHmac, createSecretKey, timingSafeEqual } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import type { BufferedRequest } from './BufferedRequest.ts';

const algorithm = 'AWS4-HMAC-SHA256';
const unsignedPayload = 'UNSIGNED-PAYLOAD';

/** SigV4's limits: a presigned URL lives at most 7 days; a signed request may be 15 minutes off. */
export const sigV4Limits = { maxExpiresSeconds: 604_800, maxSkewMs: 15 * 60 * 1000 } as const;

/** A request's SigV4 signature, read from its `Authorization` header or its query (presigned). */
export interface SigV4Signature {
  readonly accessKeyId: string;
  /** When it was signed (`X-Amz-Date`). */
  readonly signedAt: Date;
  readonly region: string;
  /** The service in the credential scope (`s3`, `sqs`, `dynamodb`, ...). */
  readonly service: string;
  readonly signedHeaders: readonly string[];
  readonly signature: string;
  /** True for a presigned URL (the signature is in the query). */
  readonly presigned: boolean;
  /** `X-Amz-Expires` of a presigned URL, in seconds. */
  readonly expiresSeconds: number | undefined;
  readonly credentialScope: string;
  readonly amzDate: string;
}

/** Why a request's signature could not be read. */
export interface SigV4ParseFailure {
  readonly malformed: string;
  /** The access key id, when it could be read. */
  readonly accessKeyId: string | undefined;
}

const parseAmzDate = (text: string): Date | undefined => {
  const match = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(text);
  if (match === null) return undefined;
  const [, year, month, day, hour, minute, second] = match.map(Number);
  return new Date(Date.UTC(year ?? 0, (month ?? 1) - 1, day, hour, minute, second));
};

const fromParts = (
  credential: string,
  signedHeaders: string,
  signature: string,
  amzDate: string | undefined,
  presigned: boolean,
  expires: string | undefined,
): SigV4Signature | SigV4ParseFailure => {
  const [accessKeyId = '', scopeDate = '', region = '', service = '', terminator] =
    credential.split('/');
  if (accessKeyId === '' || terminator !== 'aws4_request' || service === '') {
    return {
      malformed: `Credential "${credential}" is not <key>/<date>/<region>/<service>/aws4_request`,
      accessKeyId: accessKeyId || undefined,
    };
  }
  const signedAt = amzDate === undefined ? undefined : parseAmzDate(amzDate);
  if (amzDate === undefined || signedAt === undefined) {
    return { malformed: 'X-Amz-Date is missing or not YYYYMMDDTHHMMSSZ', accessKeyId };
  }
  if (!amzDate.startsWith(scopeDate)) {
    return {
      malformed: `the credential scope date ${scopeDate} is not the date of X-Amz-Date`,
      accessKeyId,
    };
  }
  const expiresSeconds = expires === undefined ? undefined : Number(expires);
  if (
    presigned &&
    (expiresSeconds === undefined || !Number.isInteger(expiresSeconds) || expiresSeconds < 1)
  ) {
    return { malformed: 'X-Amz-Expires must be a positive number of seconds', accessKeyId };
  }
  return {
    accessKeyId,
    signedAt,
    region,
    service,
    signedHeaders: signedHeaders.split(';').filter((name) => name !== ''),
    signature,
    presigned,
    expiresSeconds,
    credentialScope: `${scopeDate}/${region}/${service}/aws4_request`,
    amzDate,
  };
};

/**
 * Reads a SigV4 signature from the `Authorization` header or, for a presigned URL, the query.
 * Returns undefined when the request carries no SigV4 signature at all (anonymous, or another
 * scheme), and a failure when it carries a malformed one.
 */
export const readSigV4 = (
  request: BufferedRequest,
): SigV4Signature | SigV4ParseFailure | undefined => {
  const authorization = request.headers['authorization'];
  if (authorization !== undefined) {
    if (!authorization.startsWith(`${algorithm} `)) return undefined;
    const fields = new Map(
      authorization
        .slice(algorithm.length + 1)
        .split(',')
        .map((field) => field.trim())
        .map((field) => {
          const equals = field.indexOf('=');
          return [field.slice(0, equals), field.slice(equals + 1)] as const;
        }),
    );
    const credential = fields.get('Credential');
    const signedHeaders = fields.get('SignedHeaders');
    const signature = fields.get('Signature');
    if (credential === undefined || signedHeaders === undefined || signature === undefined) {
      return {
        malformed: 'Authorization needs Credential, SignedHeaders and Signature',
        accessKeyId: undefined,
      };
    }
    const amzDate = request.headers['x-amz-date'];
    return fromParts(credential, signedHeaders, signature, amzDate, false, undefined);
  }
  const query = new Map(request.query);
  if (query.get('X-Amz-Algorithm') === undefined) return undefined;
  if (query.get('X-Amz-Algorithm') !== algorithm) {
    return { malformed: `X-Amz-Algorithm must be ${algorithm}`, accessKeyId: undefined };
  }
  const credential = query.get('X-Amz-Credential');
  const signedHeaders = query.get('X-Amz-SignedHeaders');
  const signature = query.get('X-Amz-Signature');
  if (credential === undefined || signedHeaders === undefined || signature === undefined) {
    return {
      malformed: 'a presigned URL needs X-Amz-Credential, X-Amz-SignedHeaders and X-Amz-Signature',
      accessKeyId: undefined,
    };
  }
  return fromParts(
    credential,
    signedHeaders,
    signature,
    query.get('X-Amz-Date'),
    true,
    query.get('X-Amz-Expires'),
  );
};

/** RFC 3986 encoding, as SigV4 (and the SDKs' `escapeUri`) does it. */
export const escapeUri = (text: string): string =>
  encodeURIComponent(text).replace(
    /[!'()*]/g,
    (character) => `%${character.charCodeAt(0).toString(16).toUpperCase()}`,
  );

/**
 * The canonical path. S3 signs the path as sent; every other service signs it normalised and
 * encoded once more (the SDKs' `uriEscapePath`).
 */
const canonicalPath = (rawPath: string, service: string): string => {
  if (service === 's3') return rawPath === '' ? '/' : rawPath;
  const segments: string[] = [];
  for (const segment of rawPath.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') segments.pop();
    else segments.push(segment);
  }
  const normalised = `${rawPath.startsWith('/') ? '/' : ''}${segments.join('/')}${segments.length > 0 && rawPath.endsWith('/') ? '/' : ''}`;
  return escapeUri(normalised).replace(/%2F/g, '/');
};

const canonicalQuery = (request: BufferedRequest): string => {
  const byKey = new Map<string, string[]>();
  for (const [key, value] of request.query) {
    if (key.toLowerCase() === 'x-amz-signature') continue;
    const encodedKey = escapeUri(key);
    const list = byKey.get(encodedKey) ?? [];
    list.push(`${encodedKey}=${escapeUri(value)}`);
    byKey.set(encodedKey, list);
  }
  return [...byKey.keys()]
    .sort()
    .map((key) => (byKey.get(key) ?? []).sort().join('&'))
    .join('&');
};

const canonicalHeaderValue = (value: string): string =>
  value
    .replace(/[\r\n]/g, ' ')
    .replace(/[ \t]+/g, ' ')
    .replace(/^ | $/g, '');

/** The hex SHA-256 of a body. */
export const sha256Hex = (data: Buffer | string): string =>
  createHash('sha256').update(data).digest('hex');

/** The payload hash the signer used: the signed `x-amz-content-sha256`, or the body's own hash. */
const payloadHash = (request: BufferedRequest, signature: SigV4Signature): string => {
  const declared = request.headers['x-amz-content-sha256'];
  if (declared !== undefined) return declared;
  if (signature.presigned && signature.service === 's3') return unsignedPayload;
  return sha256Hex(request.body);
};

// Derived signing keys, by secret and credential scope. A key serves every request of its day,
// region and service: four HMACs fewer per check. The SDKs' signers cache theirs the same way,
// bounded and cleared when full. Kept as a KeyObject: Node 24's createHmac spends about 14 µs
// turning a Buffer key into one at every call (17 µs an HMAC against 3).
const signingKeys = new Map<string, KeyObject>();
const maxSigningKeys = 64;

/** The signing key of SigV4: HMAC chain over date, region, service. */
const signingKey = (secret: string, signature: SigV4Signature): KeyObject => {
  const cacheKey = `${secret}\n${signature.credentialScope}`;
  const cached = signingKeys.get(cacheKey);
  if (cached !== undefined) return cached;
  const [date = '', region = '', service = ''] = signature.credentialScope.split('/');
  const hmac = (key: Buffer | string, data: string): Buffer =>
    createHmac('sha256', key).update(data).digest();
  const key = createSecretKey(
    hmac(hmac(hmac(hmac(`AWS4${secret}`, date), region), service), 'aws4_request'),
  );
  if (signingKeys.size >= maxSigningKeys) signingKeys.clear();
  signingKeys.set(cacheKey, key);
  return key;
};

/** The signature a client holding `secret` would have computed for this request. */
export const expectedSignature = (
  request: BufferedRequest,
  signature: SigV4Signature,
  secret: string,
): string => {
  const headers = signature.signedHeaders
    .map((name) => `${name}:${canonicalHeaderValue(request.headers[name] ?? '')}`)
    .join('\n');
  const canonicalRequest = [
    request.method,
    canonicalPath(request.rawPath, signature.service),
    canonicalQuery(request),
    `${headers}\n`,
    signature.signedHeaders.join(';'),
    payloadHash(request, signature),
  ].join('\n');
  const stringToSign = [
    algorithm,
    signature.amzDate,
    signature.credentialScope,
    sha256Hex(canonicalRequest),
  ].join('\n');
  return createHmac('sha256', signingKey(secret, signature)).update(stringToSign).digest('hex');
};

/** Whether the request was signed with `secret` (constant-time comparison). */
export const signatureMatches = (
  request: BufferedRequest,
  signature: SigV4Signature,
  secret: string,
): boolean => {
  const expected = Buffer.from(expectedSignature(request, signature, secret), 'utf8');
  const given = Buffer.from(signature.signature, 'utf8');
  return expected.length === given.length && timingSafeEqual(expected, given);
};

/**
 * Whether the body matches a signed `x-amz-content-sha256` (false only for a real mismatch:
 * unsigned and streaming payloads are not checked here).
 */
export const payloadHashMatches = (request: BufferedRequest): boolean => {
  const declared = request.headers['x-amz-content-sha256'];
  if (declared === undefined || !/^[0-9a-f]{64}$/.test(declared)) return true;
  return declared === sha256Hex(request.body);
};
