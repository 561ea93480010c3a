import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import type { PublishedSnsMessage } from 'fauxqs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ArchiveStore, firstPublishSql } from './ArchiveStore.ts';

const topicArn = 'arn:aws:sns:us-east-1:000000000000:orders.fifo';
const otherTopicArn = 'arn:aws:sns:us-east-1:000000000000:shipments.fifo';
const publishedAt = Date.parse('2026-12-04T12:00:00Z');

const published = (
  deduplicationId: string,
  timestamp: number,
  { topic = topicArn, group = 'order-1', sequenceNumber = '10000000000000000001' } = {},
): PublishedSnsMessage => ({
  topicArn: topic,
  messageId: `m-${deduplicationId}-${String(timestamp)}`,
  message: '{"eventType":"OrderPlaced"}',
  messageAttributes: {},
  subject: undefined,
  messageGroupId: group,
  messageDeduplicationId: deduplicationId,
  timestamp,
  sequenceNumber,
});

const query = (deduplicationId: string, since: number, messageGroupId?: string) => ({
  topicArn,
  messageDeduplicationId: deduplicationId,
  messageGroupId,
  since,
});

describe('ArchiveStore', () => {
  let dir: string;
  let stores: ArchiveStore[];

  const open = (path: string | undefined): ArchiveStore => {
    const store = ArchiveStore.open(path);
    stores.push(store);
    return store;
  };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'archive-store-'));
    stores = [];
  });

  afterEach(() => {
    for (const store of stores) store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("finds a deduplication id's first publish to the topic since a time, with its ids", () => {
    // Prepare
    const store = open(undefined);
    store.append(published('evt-1', publishedAt));
    store.append(published('evt-1', publishedAt + 1, { topic: otherTopicArn }));

    // Act
    const inWindow = store.firstPublish(query('evt-1', publishedAt - 5 * 60_000 + 1));
    const afterIt = store.firstPublish(query('evt-1', publishedAt + 1));
    const otherId = store.firstPublish(query('evt-2', publishedAt - 1));

    // Assess
    expect(inWindow).toEqual({
      messageId: `m-evt-1-${String(publishedAt)}`,
      sequenceNumber: '10000000000000000001',
    });
    expect(afterIt).toBeUndefined();
    expect(otherId).toBeUndefined();
  });

  it('looks within a message group when given one (FifoThroughputScope MessageGroup)', () => {
    // Prepare
    const store = open(undefined);
    store.append(published('evt-1', publishedAt, { group: 'order-1' }));

    // Act
    const sameGroup = store.firstPublish(query('evt-1', publishedAt - 1, 'order-1'));
    const otherGroup = store.firstPublish(query('evt-1', publishedAt - 1, 'order-2'));

    // Assess
    expect(sameGroup?.messageId).toBe(`m-evt-1-${String(publishedAt)}`);
    expect(otherGroup).toBeUndefined();
  });

  it("keeps each topic's last SequenceNumber, for the next after a restart", () => {
    // Prepare
    const path = join(dir, 'archive.db');
    const before = open(path);
    before.append(published('evt-1', publishedAt, { sequenceNumber: '10000000000000000001' }));
    before.append(published('evt-2', publishedAt + 1, { sequenceNumber: '10000000000000000002' }));
    before.close();
    stores.splice(stores.indexOf(before), 1);

    // Act
    const after = open(path);

    // Assess
    expect(after.lastSequenceNumber(topicArn)).toBe('10000000000000000002');
    expect(after.lastSequenceNumber(otherTopicArn)).toBeUndefined();
  });

  it('adds the SequenceNumber column to a store written without it; its rows veto nothing', () => {
    // Prepare
    const path = join(dir, 'archive.db');
    const db = new DatabaseSync(path);
    db.exec(`CREATE TABLE archived_messages (
      topic_arn TEXT NOT NULL, seq INTEGER NOT NULL, message_id TEXT NOT NULL,
      published_at INTEGER NOT NULL, message TEXT NOT NULL, attributes TEXT NOT NULL,
      subject TEXT, group_id TEXT, deduplication_id TEXT, PRIMARY KEY (topic_arn, seq))`);
    db.prepare(
      `INSERT INTO archived_messages VALUES (?, 1, 'm-old', ?, '{}', '{}', NULL, 'order-1', 'evt-1')`,
    ).run(topicArn, publishedAt);
    db.close();

    // Act
    const store = open(path);
    const seq = store.append(published('evt-2', publishedAt + 1));

    // Assess
    expect(seq).toBe(2);
    expect(store.firstPublish(query('evt-1', publishedAt - 1))).toBeUndefined();
    expect(store.firstPublish(query('evt-2', publishedAt - 1))?.messageId).toBe(
      `m-evt-2-${String(publishedAt + 1)}`,
    );
  });

  it('finds a deduplication id through its index, not by reading the last 5 minutes', () => {
    // Prepare
    const path = join(dir, 'archive.db');
    open(path).append(published('evt-1', publishedAt));
    const db = new DatabaseSync(path);

    // Act
    const plan = db
      .prepare(`EXPLAIN QUERY PLAN ${firstPublishSql}`)
      .all(topicArn, 'evt-2', publishedAt)
      .map((row) => String(row['detail']));
    db.close();

    // Assess
    expect(plan.join('\n')).toMatch(/USING INDEX archived_messages_by_deduplication/);
  });
});
