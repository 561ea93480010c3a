import { S3Client } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { makeLabelUrl } from './labelsBucket.ts';

// Presigning is local computation: no server is contacted, so expiry is checked here (the local
// cloud checks neither signatures nor expiry).
const client = new S3Client({
  region: 'eu-west-2',
  credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
});

describe('makeLabelUrl', () => {
  it('presigns a GET of the label that expires after the configured lifetime', async () => {
    // Prepare
    const signedAt = new Date('2026-11-20T10:00:00.000Z');
    const labelUrl = makeLabelUrl(
      client,
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
    expect(parsed.searchParams.get('response-content-type')).toBe('application/pdf');
    expect(expiresAt).toBe('2026-11-20T10:05:00.000Z');
  });

  it('uses the lifetime it is given', async () => {
    // Prepare
    const labelUrl = makeLabelUrl(client, 'labels-bucket', 60);

    // Act
    const { url } = await labelUrl('labels/ord-2.pdf');

    // Assess
    expect(new URL(url).searchParams.get('X-Amz-Expires')).toBe('60');
  });
});
