import { GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { StoreLabel } from '../domain/label.ts';

/** Adapter: writes a label PDF to the labels bucket (encrypted at rest by the bucket's default). */
export const makeStoreLabel =
  (client: S3Client, bucket: string): StoreLabel =>
  async (key, pdf) => {
    await client.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: key,
        Body: pdf,
        ContentType: 'application/pdf',
      }),
    );
  };

/** Port: a short-lived URL that downloads one label. */
export type LabelUrl = (
  key: string,
) => Promise<{ readonly url: string; readonly expiresAt: string }>;

/**
 * Adapter: presigns a GET of a label for `expiresInSeconds`. Signing happens locally with the
 * function's credentials: the URL can do no more than the function's role may.
 */
export const makeLabelUrl =
  (
    client: S3Client,
    bucket: string,
    expiresInSeconds: number,
    now: () => Date = () => new Date(),
  ): LabelUrl =>
  async (key) => {
    const signedAt = now();
    const fileName = key.slice(key.lastIndexOf('/') + 1);
    const url = await getSignedUrl(
      client,
      new GetObjectCommand({
        Bucket: bucket,
        Key: key,
        ResponseContentType: 'application/pdf',
        ResponseContentDisposition: `inline; filename="${fileName}"`,
      }),
      { expiresIn: expiresInSeconds, signingDate: signedAt },
    );
    return {
      url,
      expiresAt: new Date(signedAt.getTime() + expiresInSeconds * 1000).toISOString(),
    };
  };
