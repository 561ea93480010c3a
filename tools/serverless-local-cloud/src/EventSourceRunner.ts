import { setTimeout as sleep } from 'node:timers/promises';
import {
  ChangeMessageVisibilityBatchCommand,
  DeleteMessageBatchCommand,
  type Message,
  ReceiveMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type { SQSEvent } from 'aws-lambda';
import {
  type BatchOutcome,
  decideBatchOutcome,
  type InvocationResult,
} from './decideBatchOutcome.ts';
import type { SqsEventSource } from './readSqsEventSources.ts';
import { toLambdaSqsRecord } from './toLambdaSqsRecord.ts';

/** Where the runner reports what the developer should know. */
export interface RunnerLog {
  info(message: string): void;
  warning(message: string): void;
  error(message: string): void;
}

/** What an {@link EventSourceRunner} polls, with which client, and what it invokes. */
export interface EventSourceRunnerOptions {
  readonly source: SqsEventSource;
  /** Region shown in each record's `awsRegion`. */
  readonly region: string;
  /**
   * Receives and deletes, as Lambda's event source mapping does with the function's execution
   * role: sign it with the function's own credentials.
   */
  readonly sqs: SQSClient;
  /**
   * Returns records gathered but not invoked when stopping (a local convenience Lambda has no
   * need of, so not the role's business); `sqs` when not given.
   */
  readonly handBackSqs?: SQSClient;
  /** Runs the function with an SQS event; resolves to its result, rejects on error or timeout. */
  readonly invoke: (event: SQSEvent) => Promise<unknown>;
  readonly log: RunnerLog;
  /**
   * Long-poll wait per receive, in seconds: 20, as Lambda's pollers. stop() aborts the poll in
   * progress; the local cloud then hands it nothing (see its fauxqs patch), so nothing is hidden
   * for a visibility timeout.
   */
  readonly pollWaitSeconds?: number;
  /** How long `stop()` waits for batches in flight, in milliseconds. */
  readonly shutdownGraceMs?: number;
}

/** Counters, for logs and the benchmark. */
export interface EventSourceRunnerStats {
  invocations: number;
  records: number;
  deleted: number;
  failedBatches: number;
  partialBatches: number;
}

// Lambda's invocation payload limit; a receive adds up to 10 messages of up to 1 MiB, so stop
// gathering well before it.
const payloadLimitBytes = 6 * 1024 * 1024;
const maxReceiveBytes = 10 * 256 * 1024;
const maxReceiveCount = 10;
// How often a batching window is drained while it is open: a batch that fills is sent within a
// second of filling, as Lambda would send it at once.
const windowDrainIntervalMs = 1_000;
const minBackoffMs = 250;
const maxBackoffMs = 5_000;

const chunk = <T>(items: readonly T[], size: number): T[][] => {
  const chunks: T[][] = [];
  for (let index = 0; index < items.length; index += size) {
    chunks.push(items.slice(index, index + size));
  }
  return chunks;
};

const messageBytes = (message: Message): number => Buffer.byteLength(message.Body ?? '', 'utf8');

const groupOf = (message: Message): string | undefined => message.Attributes?.['MessageGroupId'];

const errorText = (error: unknown): string =>
  error instanceof Error ? error.message : String(error);

/**
 * Runs one SQS event source mapping as Lambda does: pollers long-poll the queue, each filling a
 * batch (up to `batchSize`, waiting up to the batching window on a standard queue), invoking the
 * function and deleting the records that succeeded, one batch at a time. Failed records are left
 * alone: they come back after the visibility timeout, and the broker's redrive moves them to the
 * DLQ after `maxReceiveCount`. On a FIFO queue no two batches of one message group are in flight
 * at once.
 */
export class EventSourceRunner {
  readonly stats: EventSourceRunnerStats = {
    invocations: 0,
    records: 0,
    deleted: 0,
    failedBatches: 0,
    partialBatches: 0,
  };

  readonly #options: EventSourceRunnerOptions;
  readonly #source: SqsEventSource;
  readonly #pollWaitSeconds: number;
  /**
   * Aborted by stop(): wakes pauses and pollers waiting for their batch, and aborts the long poll
   * in progress, which is safe: the local cloud hands an abandoned poll no messages.
   */
  readonly #wake = new AbortController();
  readonly #inFlight = new Set<Promise<void>>();
  readonly #groupsInFlight = new Map<string, number>();
  /** The end of the last gathering under way: with a batching window, pollers gather in turn. */
  #gatherTurn: Promise<unknown> = Promise.resolve();
  #stopFlag = false;
  #loop: Promise<void> | undefined;
  #stopped: Promise<void> | undefined;
  #failingSince: number | undefined;
  #backoffMs = minBackoffMs;
  /** Pollers in a receive (or waiting for their turn to gather), for idle scale-down. */
  #receiving = 0;
  /** Wakes pollers parked while the queue is idle, one per call. */
  readonly #parked: (() => void)[] = [];

  constructor(options: EventSourceRunnerOptions) {
    this.#options = options;
    this.#source = options.source;
    this.#pollWaitSeconds = options.pollWaitSeconds ?? 20;
  }

  /**
   * Starts polling. Like Lambda's event source mapping, with as many pollers as batches may be
   * in flight (`maximumConcurrency`): each receives a batch, invokes the function with it and
   * settles it before receiving again, so receives overlap each other and the invocations; one
   * receive loop feeding them all held every batch up behind the receive in progress. With a
   * batching window the pollers gather in turn, so that a window collects what arrives in it
   * rather than splitting it between pollers.
   */
  start(): void {
    this.#loop ??= Promise.all(
      Array.from({ length: this.#source.maximumConcurrency }, () => this.#poll()),
    ).then(() => undefined);
  }

  /**
   * Stops polling, waits for the receive in progress (releasing anything it gathered) and for
   * batches in flight (up to the grace period). Safe to call more than once.
   */
  stop(): Promise<void> {
    this.#stopped ??= this.#shutDown();
    return this.#stopped;
  }

  async #shutDown(): Promise<void> {
    this.#stopFlag = true;
    this.#wake.abort();
    await this.#loop;
    const grace = new AbortController();
    await Promise.race([
      Promise.allSettled([...this.#inFlight]),
      sleep(this.#options.shutdownGraceMs ?? 5_000, undefined, { signal: grace.signal }).catch(
        () => undefined,
      ),
    ]);
    grace.abort();
  }

  // A method, not the field: TypeScript would otherwise assume the flag cannot change across
  // an await.
  #stopping(): boolean {
    return this.#stopFlag;
  }

  /**
   * One poller. An idle queue is polled by one poller at a time: a poller whose receive comes
   * back empty parks while another is receiving, and each batch received wakes one parked
   * poller, so pollers come back one by one as traffic grows: an idle queue costs one receive
   * per 20 s, as in Lambda, not one per poller.
   */
  async #poll(): Promise<void> {
    while (!this.#stopping()) {
      let batch: Message[];
      this.#receiving += 1;
      try {
        batch =
          this.#source.maximumBatchingWindowSeconds > 0
            ? await this.#inTurn(() => this.#collectBatch())
            : await this.#collectBatch();
        this.#recovered();
      } catch (error) {
        if (this.#stopping()) {
          break;
        }
        await this.#backOff(error);
        continue;
      } finally {
        this.#receiving -= 1;
      }
      if (this.#stopping()) {
        await this.#release(batch);
        break;
      }
      if (batch.length === 0) {
        if (this.#receiving > 0) {
          await this.#park();
        }
        continue;
      }
      this.#parked.shift()?.();
      await this.#untilSettledOrStopping(this.#dispatch(batch));
    }
  }

  /** Waits until a batch received by another poller, or stop(), wakes this one. */
  async #park(): Promise<void> {
    const { signal } = this.#wake;
    if (signal.aborted) {
      return;
    }
    await new Promise<void>((resolve) => {
      const onStop = (): void => {
        resolve();
      };
      signal.addEventListener('abort', onStop, { once: true });
      this.#parked.push(() => {
        signal.removeEventListener('abort', onStop);
        resolve();
      });
    });
  }

  #inTurn<T>(work: () => Promise<T>): Promise<T> {
    const turn = this.#gatherTurn.then(work);
    this.#gatherTurn = turn.catch(() => undefined);
    return turn;
  }

  /**
   * Waits for the poller's batch, or for stop(), which then gives batches in flight a grace
   * period of their own. The abort listener goes with each wait: a race against one long-lived
   * stop promise would leave a reaction on it per batch, growing without bound.
   */
  async #untilSettledOrStopping(task: Promise<void>): Promise<void> {
    const { signal } = this.#wake;
    if (signal.aborted) {
      return;
    }
    let onStop: (() => void) | undefined;
    const stopping = new Promise<void>((resolve) => {
      onStop = () => {
        resolve();
      };
      signal.addEventListener('abort', onStop, { once: true });
    });
    try {
      await Promise.race([task, stopping]);
    } finally {
      if (onStop !== undefined) {
        signal.removeEventListener('abort', onStop);
      }
    }
  }

  async #receive(maxMessages: number, waitSeconds: number): Promise<Message[]> {
    const { Messages } = await this.#options.sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: this.#source.queueUrl,
        MaxNumberOfMessages: maxMessages,
        WaitTimeSeconds: waitSeconds,
        MessageSystemAttributeNames: ['All'],
        MessageAttributeNames: ['All'],
      }),
      { abortSignal: this.#wake.signal },
    );
    return Messages ?? [];
  }

  /**
   * Gathers one batch: one receive without a window. With one, the first record opens the window
   * and the poller then drains what has arrived once a second, at once after a full page (a
   * backlog), until the batch is full or the window closes. A long poll per page would cost a
   * receive per record at a low rate, since each returns as soon as one message is there.
   */
  async #collectBatch(): Promise<Message[]> {
    const { batchSize, maximumBatchingWindowSeconds } = this.#source;
    const collected: Message[] = [];
    let bytes = 0;
    let deadline: number | undefined;
    while (!this.#stopping()) {
      const page = Math.min(maxReceiveCount, batchSize - collected.length);
      let received: Message[];
      try {
        received = await this.#receive(page, deadline === undefined ? this.#pollWaitSeconds : 0);
      } catch (error) {
        if (collected.length > 0) {
          break;
        }
        throw error;
      }
      const admitted = await this.#admit(received);
      if (deadline === undefined && admitted.length === 0) {
        // Nothing yet: the poller decides whether to poll again or park.
        break;
      }
      collected.push(...admitted);
      bytes += admitted.reduce((sum, message) => sum + messageBytes(message), 0);
      if (deadline === undefined) {
        if (maximumBatchingWindowSeconds === 0) {
          break;
        }
        deadline = Date.now() + maximumBatchingWindowSeconds * 1000;
      }
      const remainingMs = deadline - Date.now();
      if (
        collected.length >= batchSize ||
        bytes + maxReceiveBytes > payloadLimitBytes ||
        remainingMs <= 0
      ) {
        break;
      }
      if (received.length < page) {
        await this.#pause(Math.min(windowDrainIntervalMs, remainingMs));
      }
    }
    return collected;
  }

  /**
   * Keeps a FIFO batch away from groups already in flight. The broker locks a group while any
   * of its messages is in flight, so this only matters when a batch outlives the visibility
   * timeout, or the function makes a record visible again before it returns; then the newer
   * messages go back, in order, rather than run beside the older ones.
   */
  async #admit(received: Message[]): Promise<Message[]> {
    if (!this.#source.fifo || this.#groupsInFlight.size === 0) {
      return received;
    }
    const admitted: Message[] = [];
    const conflicting: Message[] = [];
    for (const message of received) {
      const group = groupOf(message);
      (group !== undefined && this.#groupsInFlight.has(group) ? conflicting : admitted).push(
        message,
      );
    }
    if (conflicting.length > 0) {
      this.#options.log.warning(
        `${this.#label()}: message group ${String(groupOf(conflicting[0] as Message))} came back while a batch of it is still running (the function handed a record back before returning, as the toolkit does with a poison record, or ran longer than the queue's visibility timeout); returning ${conflicting.length} record(s) to the queue`,
      );
      await this.#release(conflicting);
    }
    return admitted;
  }

  #dispatch(batch: Message[]): Promise<void> {
    const groups = this.#source.fifo
      ? batch.map(groupOf).filter((group): group is string => group !== undefined)
      : [];
    for (const group of groups) {
      this.#groupsInFlight.set(group, (this.#groupsInFlight.get(group) ?? 0) + 1);
    }
    let released = false;
    // Once the function is done the batch no longer runs: the broker unlocks the group when
    // the delete lands, and a receive may then rightly return the group's next records before
    // this process has seen the delete's response.
    const releaseGroups = (): void => {
      if (released) {
        return;
      }
      released = true;
      for (const group of groups) {
        const count = (this.#groupsInFlight.get(group) ?? 1) - 1;
        if (count <= 0) {
          this.#groupsInFlight.delete(group);
        } else {
          this.#groupsInFlight.set(group, count);
        }
      }
    };
    const task: Promise<void> = this.#process(batch, releaseGroups)
      .catch((error: unknown) => {
        this.#options.log.error(`${this.#label()}: ${errorText(error)}`);
      })
      .finally(() => {
        releaseGroups();
        this.#inFlight.delete(task);
      });
    this.#inFlight.add(task);
    return task;
  }

  async #process(batch: Message[], invocationDone: () => void): Promise<void> {
    const { queueArn, reportBatchItemFailures } = this.#source;
    const records = batch.map((message) =>
      toLambdaSqsRecord(message, { queueArn, region: this.#options.region }),
    );
    this.stats.invocations += 1;
    this.stats.records += records.length;
    let result: InvocationResult;
    try {
      result = { kind: 'returned', value: await this.#options.invoke({ Records: records }) };
    } catch (error) {
      result = { kind: 'failed', error };
    }
    invocationDone();
    const outcome = decideBatchOutcome(
      records.map(({ messageId, attributes }) => ({
        messageId,
        messageGroupId: attributes.MessageGroupId,
      })),
      reportBatchItemFailures,
      result,
    );
    this.#report(outcome, records.length);
    if (outcome.kind === 'failed') {
      return;
    }
    const toDelete = new Set(outcome.deleteIds);
    await this.#delete(
      batch.filter(({ MessageId }) => MessageId !== undefined && toDelete.has(MessageId)),
    );
  }

  #report(outcome: BatchOutcome, size: number): void {
    const { log } = this.#options;
    switch (outcome.kind) {
      case 'succeeded':
        return;
      case 'failed':
        this.stats.failedBatches += 1;
        log.warning(
          `${this.#label()}: batch of ${size} failed (${outcome.reason}); every record returns after the visibility timeout`,
        );
        return;
      case 'partiallyFailed':
        this.stats.partialBatches += 1;
        log.info(
          `${this.#label()}: ${outcome.failedIds.length} of ${size} records failed; they return after the visibility timeout`,
        );
        if (outcome.outOfOrderIds.length > 0) {
          log.warning(
            `${this.#label()}: the function failed a record but not the later records of its message group (${outcome.outOfOrderIds.join(', ')}); deleting them breaks the group's order, in AWS too. Fail them as well (Powertools: SqsFifoPartialProcessorAsync)`,
          );
        }
        return;
    }
  }

  async #delete(messages: Message[]): Promise<void> {
    for (const entries of chunk(messages, maxReceiveCount)) {
      const { Failed } = await this.#options.sqs.send(
        new DeleteMessageBatchCommand({
          QueueUrl: this.#source.queueUrl,
          Entries: entries.map(({ ReceiptHandle }, index) => ({
            Id: String(index),
            ReceiptHandle,
          })),
        }),
      );
      const failed = Failed?.length ?? 0;
      this.stats.deleted += entries.length - failed;
      if (failed > 0) {
        this.#options.log.warning(
          `${this.#label()}: ${failed} processed record(s) could not be deleted (${Failed?.[0]?.Message ?? 'unknown'}); they will be delivered again`,
        );
      }
    }
  }

  /** Makes messages visible again at once, rather than after the visibility timeout. */
  async #release(messages: Message[]): Promise<void> {
    for (const entries of chunk(messages, maxReceiveCount)) {
      try {
        await (this.#options.handBackSqs ?? this.#options.sqs).send(
          new ChangeMessageVisibilityBatchCommand({
            QueueUrl: this.#source.queueUrl,
            Entries: entries.map(({ ReceiptHandle }, index) => ({
              Id: String(index),
              ReceiptHandle,
              VisibilityTimeout: 0,
            })),
          }),
        );
      } catch (error) {
        this.#options.log.warning(
          `${this.#label()}: could not return ${entries.length} record(s) to the queue (${errorText(error)}); they come back after the visibility timeout`,
        );
      }
    }
  }

  async #backOff(error: unknown): Promise<void> {
    if (this.#failingSince === undefined) {
      this.#failingSince = Date.now();
      this.#options.log.warning(
        `${this.#label()}: cannot receive from ${this.#source.queueName} (${errorText(error)}); retrying`,
      );
    }
    await this.#pause(this.#backoffMs);
    this.#backoffMs = Math.min(maxBackoffMs, this.#backoffMs * 2);
  }

  #recovered(): void {
    if (this.#failingSince !== undefined) {
      this.#options.log.info(`${this.#label()}: receiving from ${this.#source.queueName} again`);
      this.#failingSince = undefined;
      this.#backoffMs = minBackoffMs;
    }
  }

  async #pause(ms: number): Promise<void> {
    if (ms <= 0) {
      return;
    }
    try {
      await sleep(ms, undefined, { signal: this.#wake.signal });
    } catch {
      // Aborted by stop().
    }
  }

  #label(): string {
    return `${this.#source.functionKey} <- ${this.#source.queueName}`;
  }
}
