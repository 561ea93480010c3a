import { parseArgs } from 'node:util';
import { parseArgsErrorMessage } from '@conveyor/dlq';
import { UsageError } from './errors.ts';
import { idPattern, idPatternDescription } from './insightsLogSource.ts';

/** A parsed `trace` command line. */
export interface TraceArguments {
  readonly help: boolean;
  /** The order id, correlation id or customer id. */
  readonly id?: string;
  readonly stage: string;
  readonly profile?: string;
  readonly region?: string;
  /** AWS stages: the start of the query window. */
  readonly since: Date;
  /** The local stage: where `npm start` keeps its logs; the default when absent. */
  readonly logsDir?: string;
  /** Whether to read the stage's queues and DLQs. */
  readonly queues: boolean;
  readonly json: boolean;
}

/** The help text. */
export const traceUsage = `Usage: npm run trace -- <orderId|correlationId|customerId> [options]

Prints the order's timeline across every service (time, latency since the event was published,
service, function, event, outcome, invocation duration) and where it stands: done, in progress,
or stuck at a failing handler or in a DLQ. A customer id traces the customer's registration and
opt-out, then lists the orders the customer placed.

Options:
  --stage <stage>     local (the default: the logs npm start keeps in .local/logs, and the local
                      cloud's queues) or a stage in AWS such as dev (CloudWatch Logs Insights over
                      /aws/lambda/conveyor-<service>-<stage>-*, and that stage's queues)
  --profile <name>    AWS profile (default AWS_PROFILE, then the default credential chain)
  --region <region>   AWS region (default AWS_REGION, then the profile's region)
  --since <when>      AWS stages: how far back to search, as 30m, 12h, 7d or an ISO date
                      (default 7d; Logs Insights bills the bytes it scans)
  --logs-dir <dir>    local: where npm start keeps its logs (default <repo>/.local/logs)
  --no-queues         do not read queue depths or peek at DLQs
  --json              print JSON instead of text
  -h, --help          this text

Peeking at a DLQ does not consume its messages but adds 1 to their receive count, as
npm run dlq -- peek does.`;

const durationUnits: Readonly<Record<string, number>> = {
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
};

/**
 * Reads `--since`: a duration back from `now` (`30m`, `12h`, `7d`) or an ISO date.
 *
 * @throws UsageError for anything else, or a time after `now`.
 */
export const parseSince = (text: string, now: Date): Date => {
  const duration = /^(\d+)([mhd])$/.exec(text.trim());
  const since =
    duration === null
      ? new Date(text)
      : new Date(now.getTime() - Number(duration[1]) * (durationUnits[duration[2] ?? 'd'] ?? 0));
  if (Number.isNaN(since.getTime()) || (duration === null && !/^\d{4}-\d{2}-\d{2}/.test(text))) {
    throw new UsageError(`--since needs 30m, 12h, 7d or an ISO date, got "${text}".`);
  }
  if (since > now) throw new UsageError(`--since ${text} is in the future.`);
  return since;
};

/**
 * Parses `trace`'s command line.
 *
 * @example
 * ```ts
 * parseTraceArguments(['ord-1', '--stage', 'dev'], new Date()).stage; // 'dev'
 * ```
 * @throws UsageError for an unknown option, a missing or malformed id, or a bad value.
 */
export const parseTraceArguments = (argv: readonly string[], now: Date): TraceArguments => {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      allowNegative: true,
      strict: true,
      options: {
        stage: { type: 'string', default: 'local' },
        profile: { type: 'string' },
        region: { type: 'string' },
        // No default here: given with the local stage, it is refused rather than ignored.
        since: { type: 'string' },
        'logs-dir': { type: 'string' },
        queues: { type: 'boolean', default: true },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    throw new UsageError(`${parseArgsErrorMessage(error)}\n\n${traceUsage}`, {
      cause: error,
    });
  }
  const { values, positionals } = parsed;
  const [id, ...extra] = positionals;
  const base = {
    stage: values.stage,
    since: parseSince(values.since ?? '7d', now),
    queues: values.queues,
    json: values.json,
    ...(values.profile === undefined ? {} : { profile: values.profile }),
    ...(values.region === undefined ? {} : { region: values.region }),
    ...(values['logs-dir'] === undefined ? {} : { logsDir: values['logs-dir'] }),
  };
  if (values.help) return { help: true, ...base };
  if (id === undefined) {
    throw new UsageError(
      `Which order? Give its order id or correlation id, or a customer id.\n\n${traceUsage}`,
    );
  }
  if (extra.length > 0) throw new UsageError(`Unexpected arguments: ${extra.join(' ')}`);
  if (!idPattern.test(id)) {
    throw new UsageError(
      `"${id}" is not an order, correlation or customer id (${idPatternDescription}).`,
    );
  }
  if (values.stage === 'local' && values.profile !== undefined) {
    throw new UsageError('--profile applies to AWS stages; --stage local reads the local logs.');
  }
  if (values.stage === 'local' && values.since !== undefined) {
    throw new UsageError(
      '--since applies to AWS stages; --stage local reads all the logs npm start keeps.',
    );
  }
  if (values.stage !== 'local' && values['logs-dir'] !== undefined) {
    throw new UsageError(
      `--logs-dir applies to --stage local; stage "${values.stage}" is read from CloudWatch Logs.`,
    );
  }
  return { help: false, id, ...base };
};
