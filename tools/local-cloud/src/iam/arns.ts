/** Where ARNs are made: the account and region of the request. */
export interface ArnScope {
  readonly accountId: string;
  readonly region: string;
}

/** `arn:aws:sqs:<region>:<account>:<name>` of a queue URL's last path segment. */
export const queueArnFromUrl = (queueUrl: string, scope: ArnScope): string | undefined => {
  let path: string;
  try {
    path = new URL(queueUrl).pathname;
  } catch {
    path = queueUrl;
  }
  const segments = path.split('/').filter((segment) => segment !== '');
  const name = segments.at(-1);
  if (name === undefined) return undefined;
  const account = segments.length >= 2 ? segments.at(-2) : undefined;
  return queueArn(decodeURIComponent(name), {
    ...scope,
    ...(account !== undefined && /^\d{12}$/.test(account) ? { accountId: account } : {}),
  });
};

/** The ARN of a queue by name. */
export const queueArn = (name: string, { accountId, region }: ArnScope): string =>
  `arn:aws:sqs:${region}:${accountId}:${name}`;

/** The ARN of a topic by name. */
export const topicArn = (name: string, { accountId, region }: ArnScope): string =>
  `arn:aws:sns:${region}:${accountId}:${name}`;

/** The ARN of a table (or its index), from a name or an ARN (DynamoDB accepts both). */
export const tableArn = (
  nameOrArn: string,
  { accountId, region }: ArnScope,
  indexName?: string,
): string => {
  const base = nameOrArn.startsWith('arn:')
    ? nameOrArn
    : `arn:aws:dynamodb:${region}:${accountId}:table/${nameOrArn}`;
  return indexName === undefined ? base : `${base}/index/${indexName}`;
};

/** The ARN of a bucket, or of an object in it. */
export const s3Arn = (bucket: string, key?: string): string =>
  key === undefined ? `arn:aws:s3:::${bucket}` : `arn:aws:s3:::${bucket}/${key}`;

/** The ARN of an SES identity (an address or a domain). */
export const sesIdentityArn = (identity: string, { accountId, region }: ArnScope): string =>
  `arn:aws:ses:${region}:${accountId}:identity/${identity}`;
