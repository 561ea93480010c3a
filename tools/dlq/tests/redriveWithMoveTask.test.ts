// The AWS path of redrive (StartMessageMoveTask), with SQS answered by a stub at the SDK's
// middleware stack: the real thing needs an AWS account, and fauxqs does not implement it.
import { SQSClient } from '@aws-sdk/client-sqs';
import { describe, expect, it } from 'vitest';
import { type DlqConnection, Targets } from '../src/connectToStage.ts';
import { findDeadLetterQueue } from '../src/deadLetterQueues.ts';
import { RedriveError } from '../src/errors.ts';
import { redriveDeadLetterQueue } from '../src/redriveDeadLetterQueue.ts';

type Answer = Record<string, unknown> | Error;

interface Call {
  readonly command: string;
  readonly input: Record<string, unknown>;
}

const dlqArn = 'arn:aws:sqs:eu-west-1:123456789012:conveyor-prod-inventory-orders-dlq.fifo';
const sourceArn = 'arn:aws:sqs:eu-west-1:123456789012:conveyor-prod-inventory-orders.fifo';

/** An AWS connection whose SQS calls are answered by `answer` and recorded in `calls`. */
const stubbedAws = (
  answer: (command: string, input: Record<string, unknown>) => Answer,
): { connection: DlqConnection; calls: Call[] } => {
  const calls: Call[] = [];
  const sqs = new SQSClient({
    region: 'eu-west-1',
    credentials: { accessKeyId: 'stub', secretAccessKey: 'stub' },
  });
  sqs.middlewareStack.add(
    (_next, context) => (args) => {
      const command = context.commandName ?? '';
      const input = { ...args.input } as Record<string, unknown>;
      calls.push({ command, input });
      const result = answer(command, input);
      if (result instanceof Error) return Promise.reject(result);
      return Promise.resolve({ output: { $metadata: {}, ...result }, response: {} });
    },
    { step: 'initialize', name: 'stubSqs' },
  );
  return {
    calls,
    connection: {
      stage: 'prod',
      target: Targets.Aws,
      sqs,
      where: 'stage "prod" in AWS (stub)',
      receiveWaitSeconds: 0,
      close: () => {
        sqs.destroy();
      },
    },
  };
};

const queueAnswers = (command: string, input: Record<string, unknown>): Answer | undefined => {
  if (command === 'GetQueueUrlCommand') {
    return {
      QueueUrl: `https://sqs.eu-west-1.amazonaws.com/123456789012/${String(input.QueueName)}`,
    };
  }
  if (command === 'GetQueueAttributesCommand') {
    const isDlq = String(input.QueueUrl).includes('-dlq');
    return {
      Attributes: isDlq
        ? {
            QueueArn: dlqArn,
            ApproximateNumberOfMessages: '4',
            ApproximateNumberOfMessagesNotVisible: '0',
          }
        : {
            QueueArn: sourceArn,
            ApproximateNumberOfMessages: '0',
            ApproximateNumberOfMessagesNotVisible: '0',
            RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlqArn, maxReceiveCount: 3 }),
          },
    };
  }
  return undefined;
};

const queue = findDeadLetterQueue('prod', 'inventory-orders');

describe('redrive in AWS', () => {
  it('starts a move task from the DLQ to its source queue and waits for it to complete', async () => {
    // Prepare
    const statuses = ['RUNNING', 'COMPLETED'];
    const { connection, calls } = stubbedAws((command, input) => {
      if (command === 'StartMessageMoveTaskCommand') return { TaskHandle: 'task-1' };
      if (command === 'ListMessageMoveTasksCommand') {
        const status = statuses.shift() ?? 'COMPLETED';
        return {
          Results: [
            {
              Status: status,
              ...(status === 'RUNNING' ? { TaskHandle: 'task-1' } : {}),
              ApproximateNumberOfMessagesMoved: status === 'RUNNING' ? 1 : 4,
              ApproximateNumberOfMessagesToMove: 4,
            },
          ],
        };
      }
      return queueAnswers(command, input) ?? new Error(`unexpected ${command}`);
    });
    const progress: string[] = [];

    // Act
    const result = await redriveDeadLetterQueue(connection, queue, {
      ratePerSecond: 20,
      pollIntervalMs: 1,
      onProgress: (line) => progress.push(line),
    });

    // Assess
    expect(result).toMatchObject({
      method: 'move-task',
      moved: 4,
      task: { status: 'COMPLETED', handle: 'task-1', toMove: 4 },
    });
    expect(calls.find((call) => call.command === 'StartMessageMoveTaskCommand')?.input).toEqual({
      SourceArn: dlqArn,
      DestinationArn: sourceArn,
      MaxNumberOfMessagesPerSecond: 20,
    });
    expect(calls.some((call) => call.command === 'ReceiveMessageCommand')).toBe(false);
    expect(progress).toContain('move task RUNNING: 1 of 4 moved');
    connection.close();
  });

  it('reports a failed move task with how far it got', async () => {
    // Prepare
    const { connection } = stubbedAws((command, input) => {
      if (command === 'StartMessageMoveTaskCommand') return { TaskHandle: 'task-2' };
      if (command === 'ListMessageMoveTasksCommand') {
        return {
          Results: [
            {
              Status: 'FAILED',
              ApproximateNumberOfMessagesMoved: 2,
              FailureReason: 'AWS.SimpleQueueService.NonExistentQueue',
            },
          ],
        };
      }
      return queueAnswers(command, input) ?? new Error(`unexpected ${command}`);
    });

    // Act
    const act = redriveDeadLetterQueue(connection, queue, { pollIntervalMs: 1 });

    // Assess
    await expect(act).rejects.toBeInstanceOf(RedriveError);
    await expect(act).rejects.toThrow(
      /failed after moving about 2 message\(s\): AWS\.SimpleQueueService\.NonExistentQueue/,
    );
    connection.close();
  });

  it('falls back to moving one message at a time where SQS lacks move tasks', async () => {
    // Prepare
    const { connection, calls } = stubbedAws((command, input) => {
      if (command === 'StartMessageMoveTaskCommand') {
        return Object.assign(new Error('Unknown action: StartMessageMoveTask'), {
          name: 'InvalidAction',
        });
      }
      if (command === 'ReceiveMessageCommand') return { Messages: [] };
      return queueAnswers(command, input) ?? new Error(`unexpected ${command}`);
    });

    // Act
    const result = await redriveDeadLetterQueue(connection, queue);

    // Assess
    expect(result.method).toBe('manual');
    expect(result.notes.join(' ')).toMatch(/does not support StartMessageMoveTask.*Fell back/);
    expect(calls.map((call) => call.command)).toContain('ReceiveMessageCommand');
    connection.close();
  });

  it('refuses when the source queue does not send to this DLQ', async () => {
    // Prepare
    const { connection, calls } = stubbedAws((command, input) => {
      const answer = queueAnswers(command, input) ?? new Error(`unexpected ${command}`);
      if (command === 'GetQueueAttributesCommand' && !String(input.QueueUrl).includes('-dlq')) {
        return { Attributes: { QueueArn: sourceArn } };
      }
      return answer;
    });

    // Act
    const act = redriveDeadLetterQueue(connection, queue);

    // Assess
    await expect(act).rejects.toThrow(/RedrivePolicy targets no DLQ/);
    expect(calls.some((call) => call.command === 'StartMessageMoveTaskCommand')).toBe(false);
    connection.close();
  });
});
