// `npm run drill:poison`: sends one poison message (JSON that is no valid event) to every
// consumer queue of the running system (`npm start`) and reports, per queue, how long it took to
// reach that queue's DLQ and after how many receives. Then removes the poison messages from the
// DLQs (`--keep` leaves them for `npm run dlq -- peek`). Loopback only; one message per queue;
// bounded in time; exits non-zero if a message did not reach its DLQ.
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import {
  DeleteMessageCommand,
  type Message,
  ReceiveMessageCommand,
  SendMessageCommand,
} from '@aws-sdk/client-sqs';
import { type AwsClients, queueDepth, sleep } from '@conveyor/service-testing';
import { parseOrExit, wholeNumberOrExit } from './commandLine.ts';
import {
  assertSystemRunning,
  type LocalQueue,
  localQueues,
  localSystemOrExit,
} from './localSystem.ts';

const usage = `Usage: npm run drill:poison -- [--keep] [--within-seconds N]

Sends one poison message (JSON that is no valid event) to every consumer queue of the running
system and reports, per queue, how long it took to reach the queue's DLQ and after how many
receives. Waits up to --within-seconds (default 300, at most 1800) for each. Then removes the
poison messages from the DLQs; --keep leaves them for \`npm run dlq -- peek\`.`;

const { values } = parseOrExit(
  () =>
    parseArgs({
      options: {
        keep: { type: 'boolean', default: false },
        'within-seconds': { type: 'string', default: '300' },
        help: { type: 'boolean', default: false },
      },
    }),
  usage,
);
const withinMs = wholeNumberOrExit(values['within-seconds'], 'within-seconds', 1_800, usage) * 1000;

interface DrillResult {
  readonly queue: string;
  readonly reachedDlq: boolean;
  readonly ms: number;
  readonly receiveCount?: number;
}

const findIn = async (
  aws: AwsClients,
  dlqUrl: string,
  body: string,
): Promise<Message | undefined> => {
  // Visibility 0: looking does not hide it from an operator's peek right after.
  const { Messages } = await aws.sqs.send(
    new ReceiveMessageCommand({
      QueueUrl: dlqUrl,
      MaxNumberOfMessages: 10,
      VisibilityTimeout: 0,
      MessageSystemAttributeNames: ['ApproximateReceiveCount'],
    }),
  );
  return Messages?.find((message) => message.Body === body);
};

const drill = async (aws: AwsClients, queue: LocalQueue): Promise<DrillResult> => {
  const body = JSON.stringify({
    eventType: 'order.placed',
    version: 1,
    poisonDrill: randomUUID(),
  });
  const depthBefore = await queueDepth(aws, queue.dlqUrl);
  const sentAt = Date.now();
  await aws.sqs.send(
    new SendMessageCommand({
      QueueUrl: queue.url,
      MessageBody: body,
      ...(queue.fifo
        ? { MessageGroupId: `poison-drill-${randomUUID()}`, MessageDeduplicationId: randomUUID() }
        : {}),
    }),
  );
  // Depth first (no receive), so the drill does not add receives to what it measures.
  while (Date.now() - sentAt < withinMs) {
    if ((await queueDepth(aws, queue.dlqUrl)) > depthBefore) {
      const ms = Date.now() - sentAt;
      for (let attempt = 0; attempt < 20; attempt += 1) {
        const found = await findIn(aws, queue.dlqUrl, body);
        if (found !== undefined) {
          if (!values.keep) {
            await aws.sqs.send(
              new DeleteMessageCommand({
                QueueUrl: queue.dlqUrl,
                ReceiptHandle: found.ReceiptHandle,
              }),
            );
          }
          // Less our own look at it, and less the receive that found the count over
          // maxReceiveCount and moved it instead of delivering it (as SQS does).
          const count = Number(found.Attributes?.['ApproximateReceiveCount'] ?? NaN) - 2;
          return { queue: queue.name, reachedDlq: true, ms, receiveCount: count };
        }
        await sleep(250);
      }
      return { queue: queue.name, reachedDlq: true, ms };
    }
    await sleep(200);
  }
  return { queue: queue.name, reachedDlq: false, ms: Date.now() - sentAt };
};

const main = async (): Promise<number> => {
  const system = localSystemOrExit('drill:poison');
  const { aws } = system;
  try {
    await assertSystemRunning(system);
    const queues = await localQueues(aws);
    console.log(`poison drill: one invalid event on each of ${String(queues.length)} queues`);
    const results = await Promise.all(queues.map((queue) => drill(aws, queue)));
    const width = Math.max(...results.map((result) => result.queue.length));
    for (const result of results) {
      console.log(
        `${result.queue.padEnd(width)}  ${
          result.reachedDlq
            ? `in its DLQ after ${(result.ms / 1000).toFixed(1)} s, received ${result.receiveCount === undefined ? '?' : String(result.receiveCount)} time(s) first (its SQS receive count)`
            : `NOT in its DLQ after ${(result.ms / 1000).toFixed(0)} s`
        }`,
      );
    }
    if (!values.keep) console.log('poison messages removed from the DLQs (--keep leaves them)');
    return results.every((result) => result.reachedDlq) ? 0 : 1;
  } finally {
    aws.destroy();
  }
};

try {
  process.exitCode = await main();
} catch (error) {
  console.error(`drill:poison: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}
