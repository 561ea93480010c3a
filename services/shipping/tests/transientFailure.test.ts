// A real transient failure that heals: the labels bucket disappears, so storing the label
// fails and the record is retried after its visibility timeout; once the bucket is back, the
// retry finishes the shipment stored by the first attempt.
import { randomUUID } from 'node:crypto';
import {
  CreateBucketCommand,
  DeleteBucketCommand,
  DeleteObjectsCommand,
  ListObjectsV2Command,
} from '@aws-sdk/client-s3';
import { tapTopic } from '@conveyor/service-testing';
import { extractText, getDocumentProxy } from 'unpdf';
import { afterAll, describe, expect, it } from 'vitest';
import {
  clients,
  eventLog,
  getShipment,
  LABELS_BUCKET,
  publishReserved,
  readLabel,
  reservedEvent,
  waitForShipment,
} from './support/shippingApi.ts';

const deleteBucket = async () => {
  const listed = await clients.s3.send(new ListObjectsV2Command({ Bucket: LABELS_BUCKET }));
  const keys = (listed.Contents ?? []).flatMap((object) =>
    object.Key === undefined ? [] : [{ Key: object.Key }],
  );
  if (keys.length > 0) {
    await clients.s3.send(
      new DeleteObjectsCommand({ Bucket: LABELS_BUCKET, Delete: { Objects: keys } }),
    );
  }
  await clients.s3.send(new DeleteBucketCommand({ Bucket: LABELS_BUCKET }));
};

const createBucket = async () => {
  await clients.s3.send(new CreateBucketCommand({ Bucket: LABELS_BUCKET })).catch(() => undefined);
};

afterAll(createBucket);

describe('onInventoryReserved with the labels bucket gone for a while', () => {
  it('keeps the shipment pending, then finishes it on the retry with the same tracking number', async () => {
    // Prepare
    const events = eventLog(await tapTopic(clients, 'conveyor-local-shipping-events.fifo'));
    const orderId = randomUUID();
    await deleteBucket();

    // Act
    await publishReserved(reservedEvent(orderId));
    const pending = await waitForShipment(orderId, 'LABEL_PENDING');
    const pendingView = (await getShipment(orderId)).json;
    await createBucket();

    // Assess
    expect(pendingView).not.toHaveProperty('labelUrl');
    const shipment = await waitForShipment(orderId, 'LABEL_CREATED');
    expect(shipment.trackingNumber).toBe(pending.trackingNumber);
    expect(shipment.shipmentId).toBe(pending.shipmentId);
    const { text } = await extractText(
      await getDocumentProxy(new Uint8Array(await readLabel(shipment.labelKey))),
      { mergePages: true },
    );
    expect(text).toContain(shipment.trackingNumber);
    const created = await events.forOrder(orderId);
    expect(created.map((event) => event.data.trackingNumber)).toEqual([shipment.trackingNumber]);
  });
});
