import { describe, expect, it } from 'vitest';
import type { BufferedRequest } from './BufferedRequest.ts';
import { describeSesRequest } from './describeSesRequest.ts';

const scope = { accountId: '000000000000', region: 'us-east-1' };

const post = (path: string, body: string): BufferedRequest => ({
  method: 'POST',
  rawPath: path,
  rawQuery: '',
  query: [],
  headers: {},
  body: Buffer.from(body),
});

describe('describeSesRequest', () => {
  it('authorises a send on the sender domain or address, with the SES condition keys', () => {
    // Prepare
    const request = post(
      '/v2/email/outbound-emails',
      JSON.stringify({
        FromEmailAddress: '"Conveyor Shop" <orders@shop.example>',
        Destination: { ToAddresses: ['a@example.com'], BccAddresses: ['b@example.com'] },
        Content: { Simple: {} },
      }),
    );

    // Act
    const described = describeSesRequest(request, scope);

    // Assess
    expect(described).toEqual({
      operation: 'SendEmail',
      checks: [
        {
          action: 'ses:SendEmail',
          resources: [
            'arn:aws:ses:us-east-1:000000000000:identity/shop.example',
            'arn:aws:ses:us-east-1:000000000000:identity/orders@shop.example',
          ],
          context: {
            'ses:FromAddress': 'orders@shop.example',
            'ses:FromDisplayName': 'Conveyor Shop',
            'ses:Recipients': ['a@example.com', 'b@example.com'],
            'ses:ApiVersion': '2',
          },
        },
      ],
    });
  });

  it('reads the sender of a raw message from its From header', () => {
    // Prepare
    const raw = Buffer.from(
      'From: orders@shop.example\r\nTo: a@example.com\r\n\r\nFrom: not this\r\n',
    ).toString('base64');
    const request = post(
      '/v2/email/outbound-emails',
      JSON.stringify({ Content: { Raw: { Data: raw } } }),
    );

    // Act
    const [check] = describeSesRequest(request, scope).checks;

    // Assess
    expect(check?.context['ses:FromAddress']).toBe('orders@shop.example');
  });
});
