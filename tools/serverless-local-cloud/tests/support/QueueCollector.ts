import {
  DeleteMessageBatchCommand,
  type Message,
  ReceiveMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import { patience } from './patience.ts';
import { waitFor } from './waitFor.ts';

/**
 * Drains a queue in the background into memory, so tests can wait for what arrived without
 * taking each other's messages.
 */
export class QueueCollector {
  readonly #sqs: SQSClient;
  readonly #queueUrl: string;
  readonly #messages: Message[] = [];
  readonly #abort = new AbortController();
  #running: Promise<void> | undefined;

  constructor(sqs: SQSClient, queueUrl: string) {
    this.#sqs = sqs;
    this.#queueUrl = queueUrl;
  }

  start(): this {
    this.#running ??= this.#drain();
    return this;
  }

  /** Everything received so far, in arrival order. */
  messages(): readonly Message[] {
    return this.#messages;
  }

  /** Waits until `select` finds something in what has arrived. */
  waitFor<T>(
    what: string,
    select: (messages: readonly Message[]) => T | undefined,
    timeoutMs: number = patience.outcome,
  ): Promise<T> {
    return waitFor(what, () => select(this.#messages), { timeoutMs });
  }

  async stop(): Promise<void> {
    this.#abort.abort();
    await this.#running;
  }

  // A method: TypeScript would otherwise assume the signal cannot change across an await.
  #stopped(): boolean {
    return this.#abort.signal.aborted;
  }

  async #drain(): Promise<void> {
    while (!this.#stopped()) {
      try {
        const { Messages = [] } = await this.#sqs.send(
          new ReceiveMessageCommand({
            QueueUrl: this.#queueUrl,
            MaxNumberOfMessages: 10,
            WaitTimeSeconds: 1,
            MessageSystemAttributeNames: ['All'],
            MessageAttributeNames: ['All'],
          }),
          { abortSignal: this.#abort.signal },
        );
        this.#messages.push(...Messages);
        if (Messages.length > 0) {
          await this.#sqs.send(
            new DeleteMessageBatchCommand({
              QueueUrl: this.#queueUrl,
              Entries: Messages.map(({ ReceiptHandle }, index) => ({
                Id: String(index),
                ReceiptHandle,
              })),
            }),
          );
        }
      } catch {
        if (this.#stopped()) {
          return;
        }
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    }
  }
}
