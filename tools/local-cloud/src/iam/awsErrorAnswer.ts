import { randomUUID } from 'node:crypto';

/** The AWS APIs the local cloud answers, each with its own error format. */
export const AwsApi = {
  /** SQS, AWS JSON 1.0 with query-compatible error codes. */
  sqs: 'sqs',
  /** SNS, query protocol (XML errors). */
  sns: 'sns',
  /** STS on the fauxqs port (GetCallerIdentity), query protocol. */
  sts: 'sts',
  /** S3, REST XML. */
  s3: 's3',
  /** DynamoDB, AWS JSON 1.0. */
  dynamodb: 'dynamodb',
  /** SES v2, REST JSON. */
  sesV2: 'sesV2',
  /** SES v1, query protocol. */
  sesV1: 'sesV1',
} as const;

export type AwsApi = (typeof AwsApi)[keyof typeof AwsApi];

/** Why a request is refused. */
export const Refusal = {
  /** The caller's policies do not allow the call. */
  accessDenied: 'accessDenied',
  /** The signature was not made with the caller's secret (or the request was changed). */
  signatureMismatch: 'signatureMismatch',
  /** A function key the local cloud does not know. */
  unknownKey: 'unknownKey',
  /** No signature at all. */
  missingAuthentication: 'missingAuthentication',
  /** A presigned URL past its `X-Amz-Expires`. */
  expired: 'expired',
  /** A signed request more than 15 minutes away from the local cloud's clock. */
  skewed: 'skewed',
  /** A signature that cannot be read. */
  malformed: 'malformed',
  /** A body that does not match its signed `x-amz-content-sha256`. */
  payloadMismatch: 'payloadMismatch',
} as const;

export type Refusal = (typeof Refusal)[keyof typeof Refusal];

/** An HTTP answer the enforcement layer sends instead of the service's. */
export interface HttpAnswer {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

interface ErrorCode {
  readonly status: number;
  readonly code: string;
}

// STS, SES v1 and SQS (JSON, with query-compatible codes) answer with the query protocol's codes;
// SNS names a denial its own way.
const queryCodes: Readonly<Record<Refusal, ErrorCode>> = {
  accessDenied: { status: 403, code: 'AccessDenied' },
  signatureMismatch: { status: 403, code: 'SignatureDoesNotMatch' },
  unknownKey: { status: 403, code: 'InvalidClientTokenId' },
  missingAuthentication: { status: 403, code: 'MissingAuthenticationToken' },
  expired: { status: 403, code: 'AccessDenied' },
  skewed: { status: 403, code: 'SignatureDoesNotMatch' },
  malformed: { status: 400, code: 'IncompleteSignature' },
  payloadMismatch: { status: 403, code: 'SignatureDoesNotMatch' },
};

// Per API, the status and code AWS answers with (DynamoDB answers every client error with 400).
const codes: Readonly<Record<AwsApi, Readonly<Record<Refusal, ErrorCode>>>> = {
  sqs: queryCodes,
  sts: queryCodes,
  sesV1: queryCodes,
  sns: {
    ...queryCodes,
    accessDenied: { status: 403, code: 'AuthorizationError' },
    expired: { status: 403, code: 'AuthorizationError' },
  },
  s3: {
    accessDenied: { status: 403, code: 'AccessDenied' },
    signatureMismatch: { status: 403, code: 'SignatureDoesNotMatch' },
    unknownKey: { status: 403, code: 'InvalidAccessKeyId' },
    missingAuthentication: { status: 403, code: 'AccessDenied' },
    expired: { status: 403, code: 'AccessDenied' },
    skewed: { status: 403, code: 'RequestTimeTooSkewed' },
    malformed: { status: 400, code: 'AuthorizationQueryParametersError' },
    payloadMismatch: { status: 400, code: 'XAmzContentSHA256Mismatch' },
  },
  dynamodb: {
    accessDenied: { status: 400, code: 'AccessDeniedException' },
    signatureMismatch: { status: 400, code: 'InvalidSignatureException' },
    unknownKey: { status: 400, code: 'UnrecognizedClientException' },
    missingAuthentication: { status: 400, code: 'MissingAuthenticationTokenException' },
    expired: { status: 400, code: 'InvalidSignatureException' },
    skewed: { status: 400, code: 'InvalidSignatureException' },
    malformed: { status: 400, code: 'IncompleteSignatureException' },
    payloadMismatch: { status: 400, code: 'InvalidSignatureException' },
  },
  sesV2: {
    accessDenied: { status: 403, code: 'AccessDeniedException' },
    signatureMismatch: { status: 403, code: 'InvalidSignatureException' },
    unknownKey: { status: 403, code: 'UnrecognizedClientException' },
    missingAuthentication: { status: 403, code: 'MissingAuthenticationTokenException' },
    expired: { status: 403, code: 'InvalidSignatureException' },
    skewed: { status: 403, code: 'InvalidSignatureException' },
    malformed: { status: 403, code: 'IncompleteSignatureException' },
    payloadMismatch: { status: 403, code: 'InvalidSignatureException' },
  },
};

// The JSON `__type` of each code, as AWS's request front end names them.
const jsonTypes: Readonly<Record<string, string>> = {
  AccessDenied: 'AccessDeniedException',
  SignatureDoesNotMatch: 'InvalidSignatureException',
  InvalidClientTokenId: 'UnrecognizedClientException',
  MissingAuthenticationToken: 'MissingAuthenticationTokenException',
  IncompleteSignature: 'IncompleteSignatureException',
};

const xmlNamespaces: Readonly<Record<string, string>> = {
  sns: 'http://sns.amazonaws.com/doc/2010-03-31/',
  sts: 'https://sts.amazonaws.com/doc/2011-06-15/',
  sesV1: 'http://ses.amazonaws.com/doc/2010-12-01/',
};

const escapeXml = (text: string): string =>
  text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&apos;');

/**
 * The error AWS's own front end would answer for `refusal` on `api`: status, headers and body in
 * that API's format (SQS JSON with `x-amzn-query-error`, SNS/STS/SES v1 query XML, S3 REST XML,
 * DynamoDB JSON 400, SES v2 REST JSON). `extra` adds S3 elements (`X-Amz-Expires`...). A HEAD
 * request gets no body, as from S3.
 */
export const awsErrorAnswer = (
  api: AwsApi,
  refusal: Refusal,
  message: string,
  {
    method = 'POST',
    extra = {},
  }: { method?: string; extra?: Readonly<Record<string, string>> } = {},
): HttpAnswer => {
  const { status, code } = codes[api][refusal];
  const requestId = randomUUID();
  switch (api) {
    case 'sqs':
      return {
        status,
        headers: {
          'content-type': 'application/x-amz-json-1.0',
          'x-amzn-requestid': requestId,
          'x-amzn-query-error': `${code};Sender`,
        },
        body: JSON.stringify({
          __type: `com.amazon.coral.service#${jsonTypes[code] ?? code}`,
          message,
        }),
      };
    case 'dynamodb':
      return {
        status,
        headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-requestid': requestId },
        body: JSON.stringify({ __type: `com.amazon.coral.service#${code}`, Message: message }),
      };
    case 'sesV2':
      return {
        status,
        headers: {
          'content-type': 'application/json',
          'x-amzn-requestid': requestId,
          'x-amzn-errortype': code,
        },
        body: JSON.stringify({ message }),
      };
    case 's3': {
      const elements = Object.entries(extra)
        .map(([name, value]) => `<${name}>${escapeXml(value)}</${name}>`)
        .join('');
      return {
        status,
        headers: {
          'content-type': 'application/xml',
          'x-amz-request-id': requestId.replaceAll('-', '').slice(0, 16).toUpperCase(),
        },
        body:
          method.toUpperCase() === 'HEAD'
            ? ''
            : `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${escapeXml(message)}</Message>${elements}<RequestId>${requestId}</RequestId><HostId>local</HostId></Error>`,
      };
    }
    default:
      return {
        status,
        headers: { 'content-type': 'text/xml', 'x-amzn-requestid': requestId },
        body: `<ErrorResponse xmlns="${xmlNamespaces[api] ?? ''}"><Error><Type>Sender</Type><Code>${code}</Code><Message>${escapeXml(message)}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`,
      };
  }
};
