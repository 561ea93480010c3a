import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import type { PublishedSnsMessage } from 'fauxqs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ArchiveStore, seenDeduplicationIdSql } from './ArchiveStore.ts';

const topicArn = 'arn:aws:sns:us-east-1:000000000000:orders.fifo';
const otherTopicArn = 'arn:aws:sns:us-east-1:000000000000:shipments.fifo';
const publishedAt = Date.parse('2026-12-04T12:00:00Z');

const published = (
  deduplicationId: string,
  timestamp: number,
  topic = topicArn,
): PublishedSnsMessage => ({
  topicArn: topic,
  messageId: `m-${deduplicationId}-${String(timestamp)}`,
  message: '{"eventType":"OrderPlaced"}',
  messageAttributes: {},
  subject: undefined,
  messageGroupId: 'order-1',
  messageDeduplicationId: deduplicationId,
  timestamp,
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

  it('archives a deduplication id once per topic within 5 minutes, as SNS FIFO delivers it', () => {
    // Prepare
    const store = open(undefined);

    // Act
    const first = store.append(published('evt-1', publishedAt));
    const repeated = store.append(published('evt-1', publishedAt + 4 * 60_000));
    const otherTopic = store.append(published('evt-1', publishedAt + 1, otherTopicArn));
    const afterTheWindow = store.append(published('evt-1', publishedAt + 5 * 60_000 + 1));

    // Assess
    expect(first).toBe(1);
    expect(repeated).toBeUndefined();
    expect(otherTopic).toBe(1);
    expect(afterTheWindow).toBe(2);
    expect(store.count(topicArn)).toBe(2);
  });

  it('finds a deduplication id through its index, not by reading the last 5 minutes', () => {
    // Prepare
    const path = join(dir, 'archive.db');
    open(path).append(published('evt-1', publishedAt));
    const db = new DatabaseSync(path);

    // Act
    const plan = db
      .prepare(`EXPLAIN QUERY PLAN ${seenDeduplicationIdSql}`)
      .all(topicArn, 'evt-2', publishedAt)
      .map((row) => String(row['detail']));
    db.close();

    // Assess
    expect(plan.join('\n')).toMatch(/USING COVERING INDEX archived_messages_by_deduplication/);
  });
});
