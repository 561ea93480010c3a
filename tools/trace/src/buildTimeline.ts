import type { Topology } from '@conveyor/event-types';
import {
  type InvocationReport,
  type LogRecord,
  numberField,
  type RequestLine,
  stringField,
} from './logRecord.ts';

/** What became of one step. */
export const StepOutcomes = {
  /** The consumer handled the event (the toolkit's "Event handled"). */
  Handled: 'handled',
  /** The consumer failed the event; the queue delivers it again ("Event failed: it will be retried"). */
  Retrying: 'retrying',
  /** The consumer failed the event for good; it goes to the DLQ ("Event failed permanently", "Invalid event"). */
  FailedPermanently: 'failed-permanently',
  /** An HTTP request answered without error. */
  Answered: 'answered',
  /** An HTTP request refused with a 4xx ("Request refused"). */
  Refused: 'refused',
  /** An error line (an HTTP 5xx, "Request failed", or any ERROR line). */
  Error: 'error',
  /** Lines of a record with no outcome line yet: still running, or it timed out or crashed. */
  Unfinished: 'unfinished',
  /** Any other line. */
  Logged: 'logged',
} as const;

/** What became of one step. */
export type StepOutcome = (typeof StepOutcomes)[keyof typeof StepOutcomes];

/** The invocation a step ran in, from serverless-offline's report line. */
export interface StepInvocation {
  readonly durationMs: number;
  readonly timedOut: boolean;
  /**
   * True when the step's lines name the invocation (`invocationId`); false when it is the
   * function's next report after the step's last line, which under concurrency may be another
   * invocation's.
   */
  readonly exact: boolean;
}

/** One row of the timeline: a function handling one event or one request. */
export interface TimelineStep {
  /** The time of its first line. */
  readonly time: Date;
  readonly service: string;
  readonly functionName?: string;
  /** The event it handled, for a consumer. */
  readonly eventType?: string;
  readonly eventId?: string;
  /** The HTTP route, for a request (`POST /checkout`). */
  readonly route?: string;
  /** The delivery it was (the record's receive count), for a consumer's outcome. */
  readonly attempt?: number;
  readonly outcome: StepOutcome;
  /** Its lines' messages, the toolkit's outcome lines left out. */
  readonly messages: readonly string[];
  /** Why it failed, from the failure line. */
  readonly reason?: string;
  /**
   * What its handler logged it did, from its last line that says: the `outcome` field
   * (`already-sent`, `duplicate`, `existing`), and `replayed` for a line with `replayed: true`.
   */
  readonly loggedOutcome?: string;
  /** The ids of the events it published (`outcomeEventId`, an HTTP line's `eventId`, ...). */
  readonly published: readonly string[];
  /**
   * Milliseconds from the publication of the event it handled (the producer's line naming it) to
   * its first line; 0 when it logged before that line.
   */
  readonly hopMs?: number;
  /** The step that published the event it handled. */
  readonly hopFrom?: { readonly service: string; readonly functionName?: string };
  readonly invocation?: StepInvocation;
  /** Its log lines, oldest first. */
  readonly records: readonly LogRecord[];
}

// The toolkit's per-record outcome lines (lambda-toolkit makeSqsEventHandler) and per-request
// failure lines (makeHttpHandler).
const outcomeLines: readonly (readonly [RegExp, StepOutcome])[] = [
  [/^Event handled$/, StepOutcomes.Handled],
  [/^Event failed permanently/, StepOutcomes.FailedPermanently],
  [/^Event failed/, StepOutcomes.Retrying],
  [/^Invalid event/, StepOutcomes.FailedPermanently],
];

const outcomeOfLine = (message: string): StepOutcome | undefined =>
  outcomeLines.find(([pattern]) => pattern.test(message))?.[1];

const messageOf = (record: LogRecord): string => stringField(record, 'message') ?? '';

// What a handler logged it did: its `outcome` field, and inventory's `replayed: true`, which
// its onShipmentCreated logs beside an outcome (`SHIPPED, replayed`).
const loggedOutcomeOf = (record: LogRecord): string | undefined => {
  const said = [
    stringField(record, 'outcome'),
    record.fields['replayed'] === true ? 'replayed' : undefined,
  ].filter((part) => part !== undefined);
  return said.length === 0 ? undefined : said.join(', ');
};

/**
 * A line's message as the timeline shows it, with the outcome a handler logs next to it
 * (`already-sent`, `duplicate`, `replayed`): a replayed or redelivered event that changed nothing
 * then does not read as done again.
 */
const shownMessageOf = (record: LogRecord): string => {
  const message = messageOf(record);
  const outcome = loggedOutcomeOf(record);
  return outcome === undefined || message === '' ? message : `${message} (${outcome})`;
};

const levelOf = (record: LogRecord): string => (stringField(record, 'level') ?? '').toUpperCase();

/**
 * The ids of the events a line says were published: fields named `…EventId`
 * (`outcomeEventId`, `shipmentEventId`) and, on a line that handles no event (an HTTP
 * request's), its `eventId`.
 */
export const publishedIdsOf = (record: LogRecord): string[] => {
  const ids = Object.entries(record.fields).flatMap(([key, value]) =>
    /.EventId$/.test(key) && typeof value === 'string' ? [value] : [],
  );
  const eventId = stringField(record, 'eventId');
  if (eventId !== undefined && stringField(record, 'eventType') === undefined) ids.push(eventId);
  return [...new Set(ids)];
};

/** The function of `service` that consumes `eventType`, when the topology names exactly one. */
export const consumerFunction = (
  topology: Topology,
  service: string,
  eventType: string | undefined,
): string | undefined => {
  const functions = new Set(
    Object.values(topology.queues)
      .filter(
        (queue) =>
          queue.consumer === service &&
          (eventType === undefined ||
            Object.values(queue.subscriptions).some((subscription) =>
              (subscription.events as readonly string[]).includes(eventType),
            )),
      )
      .map((queue) => queue.function),
  );
  return functions.size === 1 ? [...functions][0] : undefined;
};

const routePattern = (route: string): { method: string; path: RegExp } | undefined => {
  const [method, template] = route.split(' ');
  if (method === undefined || template === undefined) return undefined;
  const escaped = template
    .split(/\{[^}]+\}/)
    .map((part) => part.replace(/[.*+?^$()|[\]\\]/g, '\\$&'))
    .join('[^/]+');
  return { method, path: new RegExp(`^${escaped}(?:\\?.*)?$`) };
};

/** The function of an HTTP line: the last request offline printed for that route before it. */
const requestFunction = (
  record: LogRecord,
  requests: readonly RequestLine[],
): string | undefined => {
  const route = stringField(record, 'route');
  const pattern = route === undefined ? undefined : routePattern(route);
  if (pattern === undefined) return undefined;
  let found: RequestLine | undefined;
  for (const request of requests) {
    if (request.service !== record.service || request.time > record.time) continue;
    if (request.method !== pattern.method || !pattern.path.test(request.path)) continue;
    if (found === undefined || request.time >= found.time) found = request;
  }
  return found?.functionName;
};

// Offline prints its report once the handler has returned; its clock and the logger's differ
// by a few milliseconds, and worker threads' lines reach the supervisor out of order.
const reportSkewMs = 50;
const reportWindowMs = 30_000;

const invocationOf = (
  step: { service: string; functionName?: string; records: readonly LogRecord[] },
  invocations: readonly InvocationReport[],
): StepInvocation | undefined => {
  const named = step.records
    .map((record) => stringField(record, 'invocationId'))
    .find((id) => id !== undefined);
  if (named !== undefined) {
    const report = invocations.find(
      (each) => each.service === step.service && each.requestId === named,
    );
    if (report !== undefined) {
      return { durationMs: report.durationMs, timedOut: report.timedOut, exact: true };
    }
  }
  const last = step.records.at(-1);
  if (step.functionName === undefined || last === undefined) return undefined;
  const from = last.time.getTime() - reportSkewMs;
  const report = invocations
    .filter(
      (each) =>
        each.service === step.service &&
        each.functionName === step.functionName &&
        each.time.getTime() >= from &&
        each.time.getTime() <= from + reportWindowMs,
    )
    .sort((a, b) => a.time.getTime() - b.time.getTime())[0];
  return report === undefined
    ? undefined
    : { durationMs: report.durationMs, timedOut: report.timedOut, exact: false };
};

/** The line that names an event as published, and the step it is in. */
interface Publication {
  readonly time: Date;
  readonly draft: Draft;
}

interface Draft {
  time: Date;
  service: string;
  functionName?: string;
  eventType?: string;
  eventId?: string;
  route?: string;
  attempt?: number;
  outcome: StepOutcome;
  messages: string[];
  reason?: string;
  loggedOutcome?: string;
  published: string[];
  records: LogRecord[];
}

const reasonOf = (record: LogRecord): string | undefined => {
  const reason = stringField(record, 'reason');
  if (reason !== undefined) return reason;
  const issues = record.fields['issues'];
  if (Array.isArray(issues)) {
    return issues
      .map((issue: unknown) => {
        if (issue === null || typeof issue !== 'object') return String(issue);
        const { path, message } = issue as { path?: unknown; message?: unknown };
        const where =
          typeof path === 'string'
            ? path
            : Array.isArray(path)
              ? `$.${path.map(String).join('.')}`
              : '$';
        return `${where}: ${typeof message === 'string' ? message : 'invalid'}`;
      })
      .join('; ');
  }
  const error = record.fields['error'];
  if (error !== null && typeof error === 'object') {
    const { name, message } = error as { name?: unknown; message?: unknown };
    if (typeof message === 'string')
      return typeof name === 'string' ? `${name}: ${message}` : message;
  }
  return undefined;
};

const standaloneOutcome = (record: LogRecord): StepOutcome => {
  const message = messageOf(record);
  if (message.startsWith('Request refused')) return StepOutcomes.Refused;
  if (message.startsWith('Request failed') || levelOf(record) === 'ERROR')
    return StepOutcomes.Error;
  if (stringField(record, 'route') !== undefined) return StepOutcomes.Answered;
  return StepOutcomes.Logged;
};

/** Options of {@link buildTimeline}. */
export interface TimelineInput {
  /** The order's lines, oldest first. */
  readonly records: readonly LogRecord[];
  readonly invocations: readonly InvocationReport[];
  readonly requests: readonly RequestLine[];
  readonly topology: Topology;
}

/**
 * Turns an order's log lines into steps: the lines one consumer wrote about one event, up to the
 * toolkit's outcome line ("Event handled", "Event failed…"), make one step per delivery; any other
 * line (an HTTP request's, a scheduled function's) is a step of its own. Each step gets its
 * function (from the line's source, the topology's consumer of that event, or offline's request
 * line for that route), the latency since the event it handled was published (from the line of
 * the step that names the event as published), and its invocation's duration where offline
 * reported one. Steps come in time order, except that a consumer never comes before the step
 * that published its event.
 *
 * @example
 * ```ts
 * const steps = buildTimeline({ records, invocations, requests, topology });
 * ```
 */
export const buildTimeline = (input: TimelineInput): TimelineStep[] => {
  const { records, invocations, requests, topology } = input;
  const drafts: Draft[] = [];
  const open = new Map<string, Draft>();
  for (const record of records) {
    const eventId = stringField(record, 'eventId');
    const eventType = stringField(record, 'eventType');
    const message = messageOf(record);
    const lineOutcome = outcomeOfLine(message);
    const published = publishedIdsOf(record);
    const functionName =
      record.functionName ??
      (eventType === undefined
        ? requestFunction(record, requests)
        : consumerFunction(topology, record.service, eventType));
    if (eventId === undefined || eventType === undefined) {
      const reason = reasonOf(record);
      const route = stringField(record, 'route');
      // A record whose body is invalid names no event: its queue's function, if the service has one.
      const ownFunction =
        functionName ??
        (lineOutcome === undefined
          ? undefined
          : consumerFunction(topology, record.service, undefined));
      drafts.push({
        time: record.time,
        service: record.service,
        ...withFunction(ownFunction),
        ...(route === undefined ? {} : { route }),
        ...attemptOf(record),
        outcome: lineOutcome ?? standaloneOutcome(record),
        messages: lineOutcome === undefined ? [shownMessageOf(record)] : [],
        ...(reason === undefined || lineOutcome === undefined ? {} : { reason }),
        published,
        records: [record],
      });
      continue;
    }
    const key = `${record.service}|${eventId}`;
    let draft = open.get(key);
    if (draft === undefined) {
      draft = {
        time: record.time,
        service: record.service,
        ...withFunction(functionName),
        eventType,
        eventId,
        outcome: StepOutcomes.Unfinished,
        messages: [],
        published: [],
        records: [],
      };
      open.set(key, draft);
      drafts.push(draft);
    }
    draft.records.push(record);
    for (const id of published) if (!draft.published.includes(id)) draft.published.push(id);
    if (lineOutcome === undefined) {
      draft.messages.push(shownMessageOf(record));
      const logged = loggedOutcomeOf(record);
      if (logged !== undefined) draft.loggedOutcome = logged;
      if (levelOf(record) === 'ERROR') draft.reason ??= reasonOf(record) ?? message;
      continue;
    }
    draft.outcome = lineOutcome;
    Object.assign(draft, attemptOf(record));
    const reason = reasonOf(record);
    if (reason !== undefined && lineOutcome !== StepOutcomes.Handled) draft.reason = reason;
    open.delete(key);
  }
  // Each event's producer: the step with the earliest line naming it as published.
  const publishedBy = new Map<string, Publication>();
  for (const draft of drafts) {
    for (const record of draft.records) {
      for (const id of publishedIdsOf(record)) {
        const known = publishedBy.get(id);
        if (known === undefined || record.time < known.time) {
          publishedBy.set(id, { time: record.time, draft });
        }
      }
    }
  }
  const causal = causalOrder(publishedBy);
  drafts.sort((a, b) => {
    const [first, second] = [causal(a), causal(b)];
    return first.time - second.time || first.depth - second.depth;
  });
  return drafts.map((draft) => {
    const producer = draft.eventId === undefined ? undefined : publishedBy.get(draft.eventId);
    const invocation = invocationOf(draft, invocations);
    return {
      ...draft,
      ...(producer === undefined
        ? {}
        : {
            // The producer's line that names the event comes after its publish returned, so a
            // quick consumer can log first: that hop is shown as 0, not as a negative time.
            hopMs: Math.max(0, draft.time.getTime() - producer.time.getTime()),
            hopFrom: {
              service: producer.draft.service,
              ...withFunction(producer.draft.functionName),
            },
          }),
      ...(invocation === undefined ? {} : { invocation }),
    };
  });
};

/**
 * Where each step goes in the timeline: a consumer can log in the same millisecond as the
 * producer that published its event, or before the producer's line that names it, and would then
 * show before its cause. So a step sorts no earlier than its producer, and after it on a tie.
 */
const causalOrder = (
  publishedBy: ReadonlyMap<string, Publication>,
): ((draft: Draft) => { readonly time: number; readonly depth: number }) => {
  const orders = new Map<Draft, { readonly time: number; readonly depth: number }>();
  const orderOf = (draft: Draft, seen: ReadonlySet<Draft>) => {
    const known = orders.get(draft);
    if (known !== undefined) return known;
    const own = draft.time.getTime();
    const producer =
      draft.eventId === undefined ? undefined : publishedBy.get(draft.eventId)?.draft;
    let order = { time: own, depth: 0 };
    // `seen` stops a loop that only corrupt logs could make.
    if (producer !== undefined && producer !== draft && !seen.has(producer)) {
      const cause = orderOf(producer, new Set([...seen, draft]));
      order = { time: Math.max(own, cause.time), depth: cause.depth + 1 };
    }
    orders.set(draft, order);
    return order;
  };
  return (draft) => orderOf(draft, new Set());
};

const withFunction = (functionName: string | undefined): { functionName?: string } =>
  functionName === undefined ? {} : { functionName };

const attemptOf = (record: LogRecord): { attempt?: number } => {
  const attempt = numberField(record, 'receiveCount');
  return attempt === undefined ? {} : { attempt };
};
