import { PurgeQueueCommand } from '@aws-sdk/client-sqs';
import { type DlqConnection, errorContext } from './connectToStage.ts';
import type { DeadLetterQueue } from './deadLetterQueues.ts';
import { DlqError, PurgeRefusedError, toDlqError } from './errors.ts';
import { readQueue } from './readQueue.ts';

/** What `purge` did. */
export interface PurgeResult {
  readonly queue: DeadLetterQueue;
  /** The depth just before the purge. */
  readonly purged: number;
}

/** How {@link confirmPurge} talks to the operator. */
export interface PurgeConfirmation {
  /** `--yes`: purge without asking. */
  readonly yes: boolean;
  /** Whether stdin is a terminal someone can type into. */
  readonly interactive: boolean;
  /** Asks a question and resolves with the line typed. */
  readonly ask: (question: string) => Promise<string>;
}

/**
 * Gets the operator's go-ahead to purge: `--yes`, or the DLQ's full name typed back at the
 * prompt. Without a terminal and without `--yes` it refuses rather than guess.
 *
 * @throws PurgeRefusedError when not confirmed.
 */
export const confirmPurge = async (
  queue: DeadLetterQueue,
  depth: number,
  confirmation: PurgeConfirmation,
): Promise<void> => {
  if (confirmation.yes) return;
  if (!confirmation.interactive) {
    throw new PurgeRefusedError(
      `Refusing to purge ${queue.name} without confirmation: stdin is not a terminal. Pass --yes to purge non-interactively.`,
    );
  }
  const typed = await confirmation.ask(
    `Purge deletes all ${depth} message(s) of ${queue.name} for good. Type the queue name to confirm: `,
  );
  if (typed.trim() !== queue.name) {
    throw new PurgeRefusedError(`Not purged: "${typed.trim()}" is not ${queue.name}.`);
  }
};

/**
 * Deletes every message of a DLQ, after {@link confirmPurge}. SQS allows one purge per queue
 * every 60 s, and in AWS messages sent during the purge (up to 60 s) may go too.
 *
 * @throws PurgeRefusedError when not confirmed; QueueNotFoundError when the DLQ is missing.
 */
export const purgeDeadLetterQueue = async (
  connection: DlqConnection,
  queue: DeadLetterQueue,
  confirmation: PurgeConfirmation,
): Promise<PurgeResult> => {
  const state = await readQueue(connection, queue.name);
  await confirmPurge(queue, state.depth, confirmation);
  try {
    await connection.sqs.send(new PurgeQueueCommand({ QueueUrl: state.url }));
  } catch (error) {
    if (error instanceof Error && error.name === 'PurgeQueueInProgress') {
      throw new DlqError(
        `${queue.name} was purged less than 60 s ago; SQS allows one purge a minute. Try again shortly.`,
        { cause: error },
      );
    }
    throw toDlqError(error, errorContext(connection, queue.name));
  }
  return { queue, purged: state.depth };
};

/** Renders `purge`'s result. */
export const formatPurgeResult = (result: PurgeResult): string =>
  `Purged ${result.queue.name}: ${result.purged} message(s) deleted.`;
