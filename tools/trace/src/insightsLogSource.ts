import {
  DescribeLogGroupsCommand,
  type DescribeLogGroupsCommandOutput,
  GetQueryResultsCommand,
  type GetQueryResultsCommandOutput,
  type ResultField,
  StartQueryCommand,
  type StartQueryCommandOutput,
} from '@aws-sdk/client-cloudwatch-logs';
import type { Topology } from '@conveyor/event-types';
import { TraceError } from './errors.ts';
import { type LogFindings, type LogRecord, type LogSource, timeOf } from './logRecord.ts';

/** The calls the source makes; a `CloudWatchLogsClient` is one. */
export interface LogsClient {
  send(command: DescribeLogGroupsCommand): Promise<DescribeLogGroupsCommandOutput>;
  send(command: StartQueryCommand): Promise<StartQueryCommandOutput>;
  send(command: GetQueryResultsCommand): Promise<GetQueryResultsCommandOutput>;
}

/** Options of {@link InsightsLogSource}. */
export interface InsightsLogSourceOptions {
  readonly client: LogsClient;
  readonly topology: Topology;
  readonly stage: string;
  /** The query window. */
  readonly from: Date;
  readonly to: Date;
  /** Waits between polls of a running query; a real timer by default. */
  readonly wait?: (ms: number) => Promise<void>;
  /** Polls of one query before giving up; default 300 (5 minutes at 1 s). */
  readonly maxPolls?: number;
}

// Limits of StartQuery: 50 log groups per query, 10,000 result rows; and a bound of ours on
// the ids per query, to keep the query string short.
const groupsPerQuery = 50;
const idsPerQuery = 20;
const rowLimit = 10_000;
const pollMs = 1_000;

/**
 * An id as the trace accepts it: what checkout accepts as an order, correlation or customer id
 * (printable ASCII, no spaces, at most 128), but for `"` and `\`, which would break out of the
 * query's quotes.
 */
export const idPattern = /^[!#-[\]-~]{1,128}$/;

/** {@link idPattern} in words, for the messages that refuse an id. */
export const idPatternDescription =
  'printable ASCII with no space, quote or backslash, at most 128 characters';

/** Every service of the topology: the topics' producers and the queues' consumers. */
export const servicesOf = (topology: Topology): string[] =>
  [
    ...new Set([
      ...Object.values(topology.topics).map((topic) => topic.producer as string),
      ...Object.values(topology.queues).map((queue) => queue.consumer),
    ]),
  ].sort();

/** The log group prefix of a service's functions in a stage: `/aws/lambda/conveyor-<service>-<stage>-`. */
export const logGroupPrefix = (topology: Topology, service: string, stage: string): string =>
  `/aws/lambda/${topology.namePrefix}-${service}-${stage}-`;

/**
 * The Logs Insights query for the lines that mention any of `ids`, oldest first.
 *
 * @throws TraceError for an id that could break out of the query's quotes.
 */
export const buildInsightsQuery = (ids: readonly string[]): string => {
  for (const id of ids) {
    if (!idPattern.test(id)) throw new TraceError(`Not an id the trace can search for: "${id}".`);
  }
  const filter = ids.map((id) => `@message like "${id}"`).join(' or ');
  return [
    'fields @timestamp, @log, @message',
    `| filter ${filter}`,
    '| sort @timestamp asc',
    `| limit ${rowLimit}`,
  ].join('\n');
};

// Logs Insights answers @timestamp as `2026-12-01 23:26:54.801`, in UTC.
const insightsTime = (text: string | undefined): Date | undefined => {
  if (text === undefined) return undefined;
  const time = new Date(`${text.replace(' ', 'T')}Z`);
  return Number.isNaN(time.getTime()) ? undefined : time;
};

/**
 * Maps one result row to a log record: `@message` must be a JSON object (the functions'
 * Powertools lines; Lambda's START, END and REPORT lines are left out), `@log`
 * (`<account>:/aws/lambda/conveyor-<service>-<stage>-<function>`) gives the service and the
 * function.
 */
export const recordFromRow = (
  row: readonly ResultField[],
  topology: Topology,
  stage: string,
): LogRecord | undefined => {
  const value = (field: string): string | undefined =>
    row.find((each) => each.field === field)?.value;
  const message = value('@message')?.trim();
  if (message?.startsWith('{') !== true) return undefined;
  let fields: Record<string, unknown>;
  try {
    const parsed: unknown = JSON.parse(message);
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return undefined;
    fields = parsed as Record<string, unknown>;
  } catch {
    return undefined;
  }
  const group = (value('@log') ?? '').replace(/^[^:]*:/, '');
  const owner = servicesOf(topology).find((service) =>
    group.startsWith(logGroupPrefix(topology, service, stage)),
  );
  const service = owner ?? (typeof fields['service'] === 'string' ? fields['service'] : 'unknown');
  const functionName =
    owner === undefined ? undefined : group.slice(logGroupPrefix(topology, owner, stage).length);
  const ingested = insightsTime(value('@timestamp')) ?? new Date(0);
  return {
    service,
    ...(functionName === undefined || functionName === '' ? {} : { functionName }),
    time: timeOf(fields, ingested),
    fields,
  };
};

const chunks = <T>(items: readonly T[], size: number): T[][] =>
  Array.from({ length: Math.ceil(items.length / size) }, (_, index) =>
    items.slice(index * size, (index + 1) * size),
  );

/**
 * The functions' log lines in AWS, through CloudWatch Logs Insights: one query per 20 ids and
 * per 50 log groups, over the log groups of every service of the topology in the stage
 * (`/aws/lambda/conveyor-<service>-<stage>-<function>`, found with `DescribeLogGroups`), within
 * the window. Needs `logs:DescribeLogGroups`, `logs:StartQuery` and `logs:GetQueryResults`.
 * Insights bills the bytes each query scans, so the window matters.
 */
export class InsightsLogSource implements LogSource {
  readonly #options: InsightsLogSourceOptions;
  #groups: Promise<string[]> | undefined;

  public constructor(options: InsightsLogSourceOptions) {
    this.#options = options;
  }

  public get description(): string {
    const { stage, from, to } = this.#options;
    return `CloudWatch Logs Insights, stage "${stage}", ${from.toISOString()} to ${to.toISOString()}`;
  }

  /** The stage's log groups of the topology's services. */
  public logGroups(): Promise<string[]> {
    this.#groups ??= this.#describeGroups();
    return this.#groups;
  }

  public async find(ids: readonly string[]): Promise<LogFindings> {
    if (ids.length === 0) return { records: [], invocations: [], requests: [] };
    const groups = await this.logGroups();
    if (groups.length === 0) {
      const { topology, stage } = this.#options;
      throw new TraceError(
        `No log groups of stage "${stage}": none starts with ${logGroupPrefix(topology, '<service>', stage)} for any of ${servicesOf(topology).join(', ')}. Is the stage deployed in this account and region?`,
      );
    }
    const records: LogRecord[] = [];
    for (const idChunk of chunks(ids, idsPerQuery)) {
      for (const groupChunk of chunks(groups, groupsPerQuery)) {
        records.push(...(await this.#query(groupChunk, buildInsightsQuery(idChunk))));
      }
    }
    records.sort((a, b) => a.time.getTime() - b.time.getTime());
    return { records, invocations: [], requests: [] };
  }

  async #describeGroups(): Promise<string[]> {
    const { client, topology, stage } = this.#options;
    const names: string[] = [];
    for (const service of servicesOf(topology)) {
      let nextToken: string | undefined;
      do {
        const page = await client.send(
          new DescribeLogGroupsCommand({
            logGroupNamePrefix: logGroupPrefix(topology, service, stage),
            ...(nextToken === undefined ? {} : { nextToken }),
          }),
        );
        for (const group of page.logGroups ?? []) {
          if (group.logGroupName !== undefined) names.push(group.logGroupName);
        }
        nextToken = page.nextToken;
      } while (nextToken !== undefined);
    }
    return names;
  }

  async #query(logGroupNames: string[], queryString: string): Promise<LogRecord[]> {
    const { client, topology, stage, from, to } = this.#options;
    const wait =
      this.#options.wait ?? ((ms: number) => new Promise<void>((done) => setTimeout(done, ms)));
    const { queryId } = await client.send(
      new StartQueryCommand({
        logGroupNames,
        queryString,
        startTime: Math.floor(from.getTime() / 1000),
        endTime: Math.ceil(to.getTime() / 1000),
        limit: rowLimit,
      }),
    );
    if (queryId === undefined) throw new TraceError('Logs Insights started no query (no queryId).');
    const maxPolls = this.#options.maxPolls ?? 300;
    for (let poll = 0; poll < maxPolls; poll++) {
      const result = await client.send(new GetQueryResultsCommand({ queryId }));
      const status = result.status ?? 'Unknown';
      if (status === 'Complete') {
        return (result.results ?? []).flatMap((row) => recordFromRow(row, topology, stage) ?? []);
      }
      if (status !== 'Running' && status !== 'Scheduled') {
        throw new TraceError(`Logs Insights query ${queryId} ended ${status}.`);
      }
      await wait(pollMs);
    }
    throw new TraceError(
      `Logs Insights query ${queryId} did not complete after ${maxPolls} polls; try a shorter --since.`,
    );
  }
}
