import { stageName, type Topology } from '@conveyor/event-types';
import { publishedIdsOf, StepOutcomes, type TimelineStep } from './buildTimeline.ts';
import { MAX_RECEIVE_COUNT } from './dlqAccess.ts';
import type { OrderDeadLetter, QueueReading, QueueState } from './inspectQueues.ts';

/** Where an order stands. */
export const Verdicts = {
  /** A consumer fails one of its events, or one is in a DLQ. */
  Stuck: 'stuck',
  /** Something is still on its way: an event not yet handled by a consumer it goes to. */
  InProgress: 'in-progress',
  /** Every event of the order reached every consumer it goes to. */
  Done: 'done',
} as const;

/** Where an order stands. */
export type Verdict = (typeof Verdicts)[keyof typeof Verdicts];

/** One reason for the verdict. */
export type Finding =
  | {
      /** A consumer failed the event and has not handled it since. */
      readonly kind: 'failing';
      readonly consumer: string;
      readonly functionName?: string;
      readonly eventType?: string;
      readonly eventId?: string;
      /** Failed deliveries logged. */
      readonly failures: number;
      readonly lastAttempt?: number;
      readonly lastFailedAt: Date;
      readonly permanent: boolean;
      readonly reason?: string;
      readonly queue?: QueueReading;
      readonly dlq?: QueueReading;
      /**
       * A record that names no event (an invalid body) failed for good on its last receive, so
       * it has left its queue for the DLQ: it no longer holds the order up.
       */
      readonly leftForDlq?: true;
    }
  | {
      /** One of the order's messages waits in a DLQ. */
      readonly kind: 'dead-letter';
      readonly consumer: string;
      readonly functionName?: string;
      readonly deadLetter: OrderDeadLetter;
      /** Why the consumer failed it, from its failure lines. */
      readonly reason?: string;
      /** The message id of an invalid body ahead of it in its FIFO group, in the same DLQ. */
      readonly behindPoison?: string;
    }
  | {
      /** A consumer has not logged an outcome for an event it should get. */
      readonly kind: 'waiting';
      readonly consumer: string;
      readonly functionName: string;
      readonly eventType: string;
      readonly eventId: string;
      /** It logged lines for the event but no outcome: running, or timed out or crashed. */
      readonly started: boolean;
      /** When it logged its last line for the event, when it started. */
      readonly lastLineAt?: Date;
      /** When the producer logged the event's publication, if its line is in the trace. */
      readonly publishedAt?: Date;
      readonly queue?: QueueReading;
    }
  | {
      /** A step published an event no consumer has logged yet (its type is then unknown). */
      readonly kind: 'unreceived';
      readonly service: string;
      readonly functionName?: string;
      readonly eventId: string;
      readonly publishedAt: Date;
      /** The queues subscribed to the topics of that service, with their depths. */
      readonly queues: readonly QueueReading[];
    };

/** The verdict and its reasons. */
export interface Diagnosis {
  readonly verdict: Verdict;
  readonly findings: readonly Finding[];
  /**
   * Consumers not heard from that need not be: their subscription filters on the body
   * (marketing's consent), or their queue does not exist in the stage (not running, not deployed).
   */
  readonly notExpected: readonly {
    readonly consumer: string;
    readonly eventType: string;
    readonly why: 'body-filter' | 'no-queue';
  }[];
}

/** Options of {@link diagnose}. */
export interface DiagnoseInput {
  readonly steps: readonly TimelineStep[];
  readonly topology: Topology;
  readonly stage: string;
  /** The queues' state; without it the diagnosis rests on the logs alone. */
  readonly queues?: QueueState;
}

interface ExpectedConsumer {
  readonly queueKey: string;
  readonly consumer: string;
  readonly functionName: string;
  readonly queueName: string;
  readonly dlqName: string;
  /** Its subscription also filters on the body (marketing's consent). */
  readonly conditional: boolean;
}

const consumersOf = (topology: Topology, eventType: string): ExpectedConsumer[] =>
  Object.entries(topology.queues).flatMap(([queueKey, queue]) => {
    const subscriptions = Object.values(queue.subscriptions).filter((subscription) =>
      (subscription.events as readonly string[]).includes(eventType),
    );
    if (subscriptions.length === 0) return [];
    return [
      {
        queueKey,
        consumer: queue.consumer,
        functionName: queue.function,
        queueName: queue.name,
        dlqName: queue.dlqName,
        conditional: subscriptions.every((subscription) => subscription.bodyFilter !== undefined),
      },
    ];
  });

// The time of the first line naming `eventId` as published.
const publicationOf = (steps: readonly TimelineStep[], eventId: string): Date | undefined =>
  steps
    .find((step) => step.published.includes(eventId))
    ?.records.find((record) => publishedIdsOf(record).includes(eventId))?.time;

/**
 * Whether a finding makes the order stuck: a consumer failing one of its messages, or one in a
 * DLQ; not an invalid record that has left its queue for the DLQ.
 *
 * @example
 * ```ts
 * const first = diagnosis.findings.find(isStuckFinding);
 * ```
 */
export const isStuckFinding = (
  finding: Finding,
): finding is Extract<Finding, { kind: 'failing' | 'dead-letter' }> =>
  finding.kind === 'dead-letter' || (finding.kind === 'failing' && finding.leftForDlq !== true);

const isFailure = (step: TimelineStep): boolean =>
  step.outcome === StepOutcomes.Retrying || step.outcome === StepOutcomes.FailedPermanently;

const withFunction = (functionName: string | undefined): { functionName?: string } =>
  functionName === undefined ? {} : { functionName };

/**
 * Says where an order stands from its timeline and, when given, the queues: for every event of
 * the order (each one a step handled, failed, or found in a DLQ), every queue the topology
 * subscribes to it must show a step that handled it. A consumer that failed it (and has not
 * handled it since) or a DLQ holding it makes the order **stuck** there; a consumer not heard
 * from yet, or an event published but not received anywhere, makes it **in progress**; else it is
 * **done**. A consumer is not expected to be heard from when its subscription filters on the body
 * (marketing's consent) or its queue does not exist in the stage.
 *
 * @example
 * ```ts
 * const { verdict, findings } = diagnose({ steps, topology, stage: 'local', queues });
 * ```
 */
export const diagnose = (input: DiagnoseInput): Diagnosis => {
  const { steps, topology, stage, queues } = input;
  const reading = (name: string): { queue?: QueueReading } => {
    const found = queues?.queues.get(stageName(stage, name));
    return found === undefined ? {} : { queue: found };
  };
  const events = new Map<string, string>();
  for (const step of steps) {
    if (step.eventId !== undefined && step.eventType !== undefined) {
      events.set(step.eventId, step.eventType);
    }
  }
  for (const deadLetter of queues?.deadLetters ?? []) {
    const { eventId, eventType } = deadLetter;
    if (eventId !== undefined && eventType !== undefined && !events.has(eventId)) {
      events.set(eventId, eventType);
    }
  }

  // A valid event behind an invalid body of its FIFO group in the same DLQ: a plain redrive
  // sends the poison back ahead of it, and both return (tools/dlq: --keep).
  const poisonAhead = (deadLetter: OrderDeadLetter): { behindPoison?: string } => {
    const all = queues?.deadLetters ?? [];
    const index = all.indexOf(deadLetter);
    if (deadLetter.problems !== undefined || deadLetter.messageGroupId === undefined) return {};
    const poison = all
      .slice(0, index)
      .find(
        (other) =>
          other.problems !== undefined &&
          other.queue.name === deadLetter.queue.name &&
          other.messageGroupId === deadLetter.messageGroupId,
      );
    return poison === undefined ? {} : { behindPoison: poison.messageId };
  };

  const findings: Finding[] = [];
  const notExpected: Diagnosis['notExpected'][number][] = [];
  const explained = new Set<OrderDeadLetter>();
  const failureReason = (consumer: string, eventId: string | undefined, messageId?: string) =>
    steps
      .filter(
        (step) =>
          step.service === consumer &&
          isFailure(step) &&
          ((eventId !== undefined && step.eventId === eventId) ||
            (messageId !== undefined &&
              step.records.some((record) => record.fields['messageId'] === messageId))),
      )
      .at(-1)?.reason;

  for (const [eventId, eventType] of events) {
    for (const expected of consumersOf(topology, eventType)) {
      const own = steps.filter(
        (step) => step.service === expected.consumer && step.eventId === eventId,
      );
      if (own.some((step) => step.outcome === StepOutcomes.Handled)) continue;
      const deadLetter = queues?.deadLetters.find(
        (each) => each.queue.key === expected.queueKey && each.eventId === eventId,
      );
      if (deadLetter !== undefined) {
        explained.add(deadLetter);
        const reason = failureReason(expected.consumer, eventId, deadLetter.messageId);
        findings.push({
          kind: 'dead-letter',
          consumer: expected.consumer,
          functionName: expected.functionName,
          deadLetter,
          ...(reason === undefined ? {} : { reason }),
          ...poisonAhead(deadLetter),
        });
        continue;
      }
      const failures = own.filter(isFailure);
      const last = own.at(-1);
      if (last !== undefined && isFailure(last)) {
        const dlq = queues?.queues.get(stageName(stage, expected.dlqName));
        findings.push({
          kind: 'failing',
          consumer: expected.consumer,
          functionName: expected.functionName,
          eventType,
          eventId,
          failures: failures.length,
          ...(last.attempt === undefined ? {} : { lastAttempt: last.attempt }),
          lastFailedAt: last.records.at(-1)?.time ?? last.time,
          permanent: last.outcome === StepOutcomes.FailedPermanently,
          ...(last.reason === undefined ? {} : { reason: last.reason }),
          ...reading(expected.queueName),
          ...(dlq === undefined ? {} : { dlq }),
        });
        continue;
      }
      if (last === undefined && expected.conditional) {
        notExpected.push({ consumer: expected.consumer, eventType, why: 'body-filter' });
        continue;
      }
      const { queue } = reading(expected.queueName);
      const publishedAt = publicationOf(steps, eventId);
      if (last === undefined && queue?.exists === false) {
        notExpected.push({ consumer: expected.consumer, eventType, why: 'no-queue' });
        continue;
      }
      findings.push({
        kind: 'waiting',
        consumer: expected.consumer,
        functionName: expected.functionName,
        eventType,
        eventId,
        started: last !== undefined,
        ...(last === undefined ? {} : { lastLineAt: last.records.at(-1)?.time ?? last.time }),
        ...(publishedAt === undefined ? {} : { publishedAt }),
        ...(queue === undefined ? {} : { queue }),
      });
    }
  }

  // What the loop above did not tie to an event and a consumer: invalid bodies, and failures
  // of records whose event is not known.
  for (const deadLetter of queues?.deadLetters ?? []) {
    if (explained.has(deadLetter)) continue;
    const reason = failureReason(
      deadLetter.queue.consumer,
      deadLetter.eventId,
      deadLetter.messageId,
    );
    const queue = topology.queues[deadLetter.queue.key];
    findings.push({
      kind: 'dead-letter',
      consumer: deadLetter.queue.consumer,
      ...withFunction(queue?.function),
      deadLetter,
      ...(reason === undefined ? {} : { reason }),
      ...poisonAhead(deadLetter),
    });
  }
  // Failures of records that name no event (invalid bodies): one finding per message, each of
  // its deliveries a failure, as for an event.
  const deadLetterMessages = new Set(queues?.deadLetters.map((each) => each.messageId));
  const unnamed = new Map<string, TimelineStep[]>();
  steps.forEach((step, index) => {
    if (step.eventId !== undefined || !isFailure(step)) return;
    const messageId = step.records[0]?.fields['messageId'];
    if (typeof messageId === 'string' && deadLetterMessages.has(messageId)) return;
    const key = `${step.service} ${typeof messageId === 'string' ? messageId : `#${String(index)}`}`;
    unnamed.set(key, [...(unnamed.get(key) ?? []), step]);
  });
  for (const failures of unnamed.values()) {
    const [first] = failures;
    const last = failures.at(-1);
    if (first === undefined || last === undefined) continue;
    const attempts = failures.flatMap((step) => (step.attempt === undefined ? [] : [step.attempt]));
    const lastAttempt = attempts.length === 0 ? undefined : Math.max(...attempts);
    const permanent = last.outcome === StepOutcomes.FailedPermanently;
    const queue = Object.values(topology.queues).find(
      (each) => each.consumer === first.service && each.function === first.functionName,
    );
    const dlq =
      queue === undefined ? undefined : queues?.queues.get(stageName(stage, queue.dlqName));
    findings.push({
      kind: 'failing',
      consumer: first.service,
      ...withFunction(first.functionName),
      failures: failures.length,
      ...(lastAttempt === undefined ? {} : { lastAttempt }),
      lastFailedAt: last.records.at(-1)?.time ?? last.time,
      permanent,
      ...(last.reason === undefined ? {} : { reason: last.reason }),
      // Failed for good on its last receive: SQS has moved it to the DLQ (or does at its next
      // receive), so it holds nothing up any more; where it is now, the DLQ tells.
      ...(permanent && lastAttempt !== undefined && lastAttempt >= MAX_RECEIVE_COUNT
        ? { leftForDlq: true }
        : {}),
      ...(queue === undefined ? {} : reading(queue.name)),
      ...(dlq === undefined ? {} : { dlq }),
    });
  }

  // Published, yet no consumer logged it: on its way, or its publish never reached the topic.
  for (const step of steps) {
    for (const eventId of step.published) {
      if (events.has(eventId)) continue;
      const topics = Object.values(topology.topics).filter(
        (topic) => topic.producer === step.service,
      );
      const subscribed = Object.values(topology.queues).filter((queue) =>
        Object.entries(queue.subscriptions).some(([topicKey]) =>
          topics.some((topic) => topology.topics[topicKey] === topic),
        ),
      );
      // No queue could receive it (marketing's customer.unsubscribed, for one): nothing to wait for.
      if (subscribed.length === 0) continue;
      findings.push({
        kind: 'unreceived',
        service: step.service,
        ...withFunction(step.functionName),
        eventId,
        publishedAt: publicationOf([step], eventId) ?? step.time,
        queues: subscribed.flatMap((queue) => reading(queue.name).queue ?? []),
      });
    }
  }

  const stuck = findings.some(isStuckFinding);
  return {
    verdict: stuck
      ? Verdicts.Stuck
      : findings.some((each) => each.kind === 'waiting' || each.kind === 'unreceived')
        ? Verdicts.InProgress
        : Verdicts.Done,
    findings,
    notExpected,
  };
};

/** A consumer that waits on a queue that exists, as {@link waitsOnEmptyQueue} finds it. */
export type WaitingOnEmptyQueue = Extract<Finding, { kind: 'waiting' }> & {
  readonly queue: Extract<QueueReading, { exists: true }>;
};

/**
 * Whether a finding is a consumer that received nothing of its event from a queue that holds
 * nothing: the message is still in SNS, or never leaves it while a replay with an end keeps the
 * queue's subscription paused.
 *
 * @example
 * ```ts
 * const hint = waitsOnEmptyQueue(finding) ? 'check its subscriptions' : undefined;
 * ```
 */
export const waitsOnEmptyQueue = (finding: Finding): finding is WaitingOnEmptyQueue =>
  finding.kind === 'waiting' &&
  !finding.started &&
  finding.queue?.exists === true &&
  finding.queue.visible + finding.queue.inFlight === 0;
