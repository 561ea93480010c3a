import type { DatabaseSync, SQLOutputValue, StatementSync } from 'node:sqlite';
import type { PublishedSnsMessage, SnsMessageAttribute } from 'fauxqs';
import { openStateDatabase } from '../openStateDatabase.ts';
import { isReplayStatus, type ReplayStatus } from './replayPolicy.ts';

/** A topic's archive: on since `enabledAt`, keeping each message `retentionDays`. */
export interface TopicArchive {
  readonly topicArn: string;
  readonly retentionDays: number;
  readonly enabledAt: number;
}

/** A message kept in a topic's archive; `seq` is its place in publish order. */
export interface ArchivedMessage {
  readonly seq: number;
  readonly message: PublishedSnsMessage;
}

/** Which publish of a deduplication id to look for: see {@link ArchiveStore.firstPublish}. */
export interface FirstPublishQuery {
  readonly topicArn: string;
  readonly messageDeduplicationId: string;
  /** Given for a topic whose FifoThroughputScope is MessageGroup. */
  readonly messageGroupId: string | undefined;
  /** Epoch milliseconds: the start of the 5-minute deduplication window. */
  readonly since: number;
}

/** What a FIFO publish answered: a repeat of it is answered the same. */
export interface FirstPublish {
  readonly messageId: string;
  readonly sequenceNumber: string;
}

/** Where a subscription's replay is, kept so that it survives a restart. */
export interface ReplayState {
  readonly subscriptionArn: string;
  readonly topicArn: string;
  /** Identifies this replay (one per ReplayPolicy set). */
  readonly replayId: string;
  readonly startingPoint: number;
  readonly endingPoint: number | undefined;
  readonly status: ReplayStatus;
  /** `seq` of the last archived message handled. */
  readonly cursor: number;
  /** How many archived messages reached the subscription's queue. */
  readonly delivered: number;
}

/**
 * The first publish of a deduplication id to a topic since a time, asked by fauxqs at a FIFO
 * publish its memory has no such id for (every one after a restart). Through its own index it is
 * a seek that finds nothing for a new id; through the time index it read every message of the
 * last 5 minutes, 0.6–0.8 ms once they are 6,000 (20 publishes a second on the topic).
 */
export const firstPublishSql =
  'SELECT message_id, sequence_number FROM archived_messages WHERE topic_arn = ? AND deduplication_id = ? AND published_at >= ? AND sequence_number IS NOT NULL ORDER BY published_at LIMIT 1';

// With FifoThroughputScope MessageGroup, an id repeats only within its message group.
const firstPublishInGroupSql = firstPublishSql.replace(
  'AND published_at >= ?',
  'AND published_at >= ? AND group_id = ?',
);

const schema = `
CREATE TABLE IF NOT EXISTS archives (
  topic_arn TEXT PRIMARY KEY,
  retention_days INTEGER NOT NULL,
  enabled_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS archived_messages (
  topic_arn TEXT NOT NULL,
  seq INTEGER NOT NULL,
  message_id TEXT NOT NULL,
  published_at INTEGER NOT NULL,
  message TEXT NOT NULL,
  attributes TEXT NOT NULL,
  subject TEXT,
  group_id TEXT,
  deduplication_id TEXT,
  sequence_number TEXT,
  PRIMARY KEY (topic_arn, seq)
);
CREATE INDEX IF NOT EXISTS archived_messages_by_time ON archived_messages (topic_arn, published_at);
CREATE INDEX IF NOT EXISTS archived_messages_by_deduplication
  ON archived_messages (topic_arn, deduplication_id, published_at);
CREATE TABLE IF NOT EXISTS replays (
  subscription_arn TEXT PRIMARY KEY,
  topic_arn TEXT NOT NULL,
  replay_id TEXT NOT NULL,
  starting_point INTEGER NOT NULL,
  ending_point INTEGER,
  status TEXT NOT NULL,
  cursor INTEGER NOT NULL,
  delivered INTEGER NOT NULL
);
`;

type Row = Record<string, SQLOutputValue>;

const text = (row: Row, column: string): string => {
  const value = row[column];
  if (typeof value !== 'string') throw new Error(`archive: column ${column} is not text`);
  return value;
};

const optionalText = (row: Row, column: string): string | undefined => {
  const value = row[column];
  return typeof value === 'string' ? value : undefined;
};

const integer = (row: Row, column: string): number => {
  const value = row[column];
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  throw new Error(`archive: column ${column} is not a number`);
};

const toArchivedMessage = (row: Row): ArchivedMessage => ({
  seq: integer(row, 'seq'),
  message: {
    topicArn: text(row, 'topic_arn'),
    messageId: text(row, 'message_id'),
    message: text(row, 'message'),
    messageAttributes: JSON.parse(text(row, 'attributes')) as Record<string, SnsMessageAttribute>,
    subject: optionalText(row, 'subject'),
    messageGroupId: optionalText(row, 'group_id'),
    messageDeduplicationId: optionalText(row, 'deduplication_id'),
    timestamp: integer(row, 'published_at'),
    sequenceNumber: optionalText(row, 'sequence_number'),
  },
});

const toReplayState = (row: Row): ReplayState => {
  const status = text(row, 'status');
  if (!isReplayStatus(status)) throw new Error(`archive: unknown replay status ${status}`);
  const end = row['ending_point'];
  return {
    subscriptionArn: text(row, 'subscription_arn'),
    topicArn: text(row, 'topic_arn'),
    replayId: text(row, 'replay_id'),
    startingPoint: integer(row, 'starting_point'),
    endingPoint: end === null || end === undefined ? undefined : integer(row, 'ending_point'),
    status,
    cursor: integer(row, 'cursor'),
    delivered: integer(row, 'delivered'),
  };
};

/**
 * SNS topic archives and subscription replays, in SQLite: in a file (kept with the rest of the
 * local cloud's state, written before the call that changed it answers) or in memory.
 */
export class ArchiveStore {
  readonly #db: DatabaseSync;
  // Prepared once: a publish runs four of them, and SQLite compiles a statement at each prepare.
  readonly #statements = new Map<string, StatementSync>();

  private constructor(db: DatabaseSync) {
    this.#db = db;
  }

  /** Opens (creating) the store at `path`, or one in memory without a path. */
  static open(path: string | undefined): ArchiveStore {
    const db = openStateDatabase(path);
    db.exec(schema);
    // A store written before SequenceNumbers were kept: its rows have none, so they veto no
    // repeat (firstPublishSql) and set no sequence number to follow.
    const columns = db.prepare('PRAGMA table_info(archived_messages)').all();
    if (!columns.some((column) => column['name'] === 'sequence_number')) {
      db.exec('ALTER TABLE archived_messages ADD COLUMN sequence_number TEXT');
    }
    return new ArchiveStore(db);
  }

  archive(topicArn: string): TopicArchive | undefined {
    const row = this.#statement('SELECT * FROM archives WHERE topic_arn = ?').get(topicArn);
    return row === undefined
      ? undefined
      : {
          topicArn,
          retentionDays: integer(row, 'retention_days'),
          enabledAt: integer(row, 'enabled_at'),
        };
  }

  /** Turns a topic's archive on at `now`, or changes the retention of one that is on. */
  enable(topicArn: string, retentionDays: number, now: number): TopicArchive {
    this.#statement(
      `INSERT INTO archives (topic_arn, retention_days, enabled_at) VALUES (?, ?, ?)
         ON CONFLICT (topic_arn) DO UPDATE SET retention_days = excluded.retention_days`,
    ).run(topicArn, retentionDays, now);
    const archive = this.archive(topicArn);
    if (archive === undefined) throw new Error(`archive: ${topicArn} was not stored`);
    return archive;
  }

  /** Turns a topic's archive off: its messages are deleted, as SNS deletes them. */
  disable(topicArn: string): void {
    this.#transaction(() => {
      this.#statement('DELETE FROM archived_messages WHERE topic_arn = ?').run(topicArn);
      this.#statement('DELETE FROM archives WHERE topic_arn = ?').run(topicArn);
    });
  }

  /**
   * Archives a message; returns its `seq`. fauxqs publishes no repeat of a deduplication id, so
   * none reaches this (see {@link ArchiveStore.firstPublish}).
   */
  append(message: PublishedSnsMessage): number {
    const last = this.#statement(
      'SELECT MAX(seq) AS seq FROM archived_messages WHERE topic_arn = ?',
    ).get(message.topicArn);
    const seq = (last?.['seq'] === null || last === undefined ? 0 : integer(last, 'seq')) + 1;
    this.#statement(
      `INSERT INTO archived_messages
           (topic_arn, seq, message_id, published_at, message, attributes, subject, group_id, deduplication_id, sequence_number)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      message.topicArn,
      seq,
      message.messageId,
      message.timestamp,
      message.message,
      JSON.stringify(message.messageAttributes),
      message.subject ?? null,
      message.messageGroupId ?? null,
      message.messageDeduplicationId ?? null,
      message.sequenceNumber ?? null,
    );
    return seq;
  }

  /**
   * The first message the topic archived with this deduplication id (within `messageGroupId`
   * when given) at `since` or later, with its MessageId and SequenceNumber.
   */
  firstPublish(query: FirstPublishQuery): FirstPublish | undefined {
    const { topicArn, messageDeduplicationId, messageGroupId, since } = query;
    const row =
      messageGroupId === undefined
        ? this.#statement(firstPublishSql).get(topicArn, messageDeduplicationId, since)
        : this.#statement(firstPublishInGroupSql).get(
            topicArn,
            messageDeduplicationId,
            since,
            messageGroupId,
          );
    return row === undefined
      ? undefined
      : { messageId: text(row, 'message_id'), sequenceNumber: text(row, 'sequence_number') };
  }

  /** The SequenceNumber of the topic's last archived message, if it has one. */
  lastSequenceNumber(topicArn: string): string | undefined {
    const row = this.#statement(
      'SELECT sequence_number FROM archived_messages WHERE topic_arn = ? ORDER BY seq DESC LIMIT 1',
    ).get(topicArn);
    return row === undefined ? undefined : optionalText(row, 'sequence_number');
  }

  /** Deletes the topic's messages published before `before`; returns how many. */
  prune(topicArn: string, before: number): number {
    const result = this.#statement(
      'DELETE FROM archived_messages WHERE topic_arn = ? AND published_at < ?',
    ).run(topicArn, before);
    return Number(result.changes);
  }

  /** Up to `limit` messages after `seq`, published at `from` or later, in publish order. */
  messagesAfter(topicArn: string, seq: number, from: number, limit: number): ArchivedMessage[] {
    return this.#statement(
      `SELECT * FROM archived_messages WHERE topic_arn = ? AND seq > ? AND published_at >= ?
         ORDER BY seq LIMIT ?`,
    )
      .all(topicArn, seq, from, limit)
      .map(toArchivedMessage);
  }

  /** How many messages the topic's archive holds. */
  count(topicArn: string): number {
    const row = this.#statement(
      'SELECT COUNT(*) AS count FROM archived_messages WHERE topic_arn = ?',
    ).get(topicArn);
    return row === undefined ? 0 : integer(row, 'count');
  }

  replays(): ReplayState[] {
    return this.#statement('SELECT * FROM replays').all().map(toReplayState);
  }

  putReplay(state: ReplayState): void {
    this.#statement(
      `INSERT OR REPLACE INTO replays
           (subscription_arn, topic_arn, replay_id, starting_point, ending_point, status, cursor, delivered)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      state.subscriptionArn,
      state.topicArn,
      state.replayId,
      state.startingPoint,
      state.endingPoint ?? null,
      state.status,
      state.cursor,
      state.delivered,
    );
  }

  deleteReplay(subscriptionArn: string): void {
    this.#statement('DELETE FROM replays WHERE subscription_arn = ?').run(subscriptionArn);
  }

  close(): void {
    this.#statements.clear();
    if (this.#db.isOpen) this.#db.close();
  }

  #statement(sql: string): StatementSync {
    let statement = this.#statements.get(sql);
    if (statement === undefined) {
      statement = this.#db.prepare(sql);
      this.#statements.set(sql, statement);
    }
    return statement;
  }

  #transaction(work: () => void): void {
    this.#db.exec('BEGIN');
    try {
      work();
      this.#db.exec('COMMIT');
    } catch (error) {
      this.#db.exec('ROLLBACK');
      throw error;
    }
  }
}
