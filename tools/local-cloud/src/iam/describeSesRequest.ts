import type { AuthorizationCheck, DescribedRequest } from './AuthorizationCheck.ts';
import { type BufferedRequest, jsonBody } from './BufferedRequest.ts';
import { type ArnScope, sesIdentityArn } from './arns.ts';

const isRecord = (value: unknown): value is Readonly<Record<string, unknown>> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const text = (value: unknown): string | undefined =>
  typeof value === 'string' ? value : undefined;

const strings = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];

/** `Shop <orders@example.com>` → address and display name. */
export const parseMailbox = (
  mailbox: string,
): { address: string; displayName: string | undefined } => {
  const match = /^\s*"?([^"<]*?)"?\s*<([^>]+)>\s*$/.exec(mailbox);
  if (match === null) return { address: mailbox.trim(), displayName: undefined };
  const name = (match[1] ?? '').trim();
  return { address: (match[2] ?? '').trim(), displayName: name === '' ? undefined : name };
};

/** The `From:` header of a raw MIME message. */
const rawFrom = (base64: string | undefined): string | undefined => {
  if (base64 === undefined) return undefined;
  const head =
    Buffer.from(base64, 'base64')
      .toString('utf8')
      .split(/\r?\n\r?\n/)[0] ?? '';
  return /^From:\s*(.+)$/im.exec(head)?.[1]?.trim();
};

/** The checks of a send: `ses:SendEmail` (or `ses:SendRawEmail`) on the sender's identity. */
const sendChecks = (
  action: string,
  from: string | undefined,
  recipients: readonly string[],
  feedback: string | undefined,
  configurationSet: string | undefined,
  apiVersion: '1' | '2',
  scope: ArnScope,
): AuthorizationCheck[] => {
  if (from === undefined) return [{ action: undefined, resources: [], context: {} }];
  const { address, displayName } = parseMailbox(from);
  const domain = address.slice(address.lastIndexOf('@') + 1);
  const context: Record<string, string | string[]> = {
    'ses:FromAddress': address,
    'ses:Recipients': [...recipients],
    'ses:ApiVersion': apiVersion,
  };
  if (displayName !== undefined) context['ses:FromDisplayName'] = displayName;
  if (feedback !== undefined) context['ses:FeedbackAddress'] = feedback;
  return [
    {
      action,
      // The local cloud verifies no identity: a grant on the address or on its domain will do.
      resources: [sesIdentityArn(domain, scope), sesIdentityArn(address, scope)],
      context,
    },
    ...(configurationSet === undefined
      ? []
      : [
          {
            action,
            resources: [
              `arn:aws:ses:${scope.region}:${scope.accountId}:configuration-set/${configurationSet}`,
            ],
            context,
          },
        ]),
  ];
};

const templateArn = (name: string, scope: ArnScope): string =>
  `arn:aws:ses:${scope.region}:${scope.accountId}:template/${name}`;

/**
 * What an SES call needs. SES v2 (REST: `POST /v2/email/outbound-emails` and the rest) and the v1
 * query API (`POST /` with `Action=SendEmail|SendRawEmail`) as aws-ses-v2-local serves them. A send
 * carries the condition keys `ses:FromAddress`, `ses:FromDisplayName`, `ses:Recipients`,
 * `ses:FeedbackAddress` and `ses:ApiVersion`.
 */
export const describeSesRequest = (request: BufferedRequest, scope: ArnScope): DescribedRequest => {
  const method = request.method.toUpperCase();
  const path = request.rawPath.replace(/\/+$/, '');
  if (method === 'POST' && path === '') {
    const params = new URLSearchParams(request.body.toString('utf8'));
    const operation = params.get('Action') ?? '';
    const recipients = [...params.entries()]
      .filter(([name]) =>
        /^Destination\.(To|Cc|Bcc)Addresses\.member\.\d+$|^Destinations\.member\.\d+$/.test(name),
      )
      .map(([, value]) => value);
    const from =
      operation === 'SendRawEmail'
        ? (params.get('Source') ?? rawFrom(params.get('RawMessage.Data') ?? undefined))
        : (params.get('Source') ?? undefined);
    return {
      operation,
      checks:
        operation === 'SendEmail' || operation === 'SendRawEmail'
          ? sendChecks(
              `ses:${operation}`,
              from,
              recipients,
              params.get('ReturnPath') ?? undefined,
              params.get('ConfigurationSetName') ?? undefined,
              '1',
              scope,
            )
          : [{ action: undefined, resources: [], context: {} }],
    };
  }
  // A body that is not JSON names nothing for the checks below.
  const parsed = jsonBody(request);
  const input: Readonly<Record<string, unknown>> = isRecord(parsed) ? parsed : {};
  if (
    method === 'POST' &&
    (path === '/v2/email/outbound-emails' || path === '/v2/email/outbound-bulk-emails')
  ) {
    const bulk = path.endsWith('bulk-emails');
    const destination = isRecord(input['Destination']) ? input['Destination'] : {};
    const recipients = bulk
      ? (Array.isArray(input['BulkEmailEntries']) ? (input['BulkEmailEntries'] as unknown[]) : [])
          .flatMap((entry) =>
            isRecord(entry) && isRecord(entry['Destination']) ? [entry['Destination']] : [],
          )
          .flatMap((each) => [
            ...strings(each['ToAddresses']),
            ...strings(each['CcAddresses']),
            ...strings(each['BccAddresses']),
          ])
      : [
          ...strings(destination['ToAddresses']),
          ...strings(destination['CcAddresses']),
          ...strings(destination['BccAddresses']),
        ];
    const content = isRecord(input['Content']) ? input['Content'] : {};
    const raw = isRecord(content['Raw']) ? text(content['Raw']['Data']) : undefined;
    const from = text(input['FromEmailAddress']) ?? rawFrom(raw);
    return {
      operation: bulk ? 'SendBulkEmail' : 'SendEmail',
      checks: sendChecks(
        bulk ? 'ses:SendBulkEmail' : 'ses:SendEmail',
        from,
        recipients,
        text(input['FeedbackForwardingEmailAddress']),
        text(input['ConfigurationSetName']),
        '2',
        scope,
      ),
    };
  }
  const template = /^\/v2\/email\/templates(?:\/([^/]+))?(\/render)?$/.exec(path);
  if (template !== null) {
    const name =
      template[1] === undefined ? text(input['TemplateName']) : decodeURIComponent(template[1]);
    const operation =
      template[2] !== undefined
        ? 'TestRenderEmailTemplate'
        : (
            {
              GET:
                name === undefined || template[1] === undefined
                  ? 'ListEmailTemplates'
                  : 'GetEmailTemplate',
              POST: 'CreateEmailTemplate',
              PUT: 'UpdateEmailTemplate',
              DELETE: 'DeleteEmailTemplate',
            } as Readonly<Record<string, string>>
          )[method];
    const resource =
      operation === 'ListEmailTemplates'
        ? '*'
        : name === undefined
          ? undefined
          : templateArn(name, scope);
    return {
      operation: operation ?? `${method} ${path}`,
      checks: [
        {
          action:
            operation === undefined || resource === undefined ? undefined : `ses:${operation}`,
          resources: resource === undefined ? [] : [resource],
          context: {},
        },
      ],
    };
  }
  if (method === 'GET' && path === '/v2/email/account') {
    return {
      operation: 'GetAccount',
      checks: [{ action: 'ses:GetAccount', resources: ['*'], context: {} }],
    };
  }
  return {
    operation: `${method} ${path}`,
    checks: [{ action: undefined, resources: [], context: {} }],
  };
};
