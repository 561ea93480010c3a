import { parseArgs } from 'node:util';
import { attachDashedValues, parseArgsErrorMessage } from '@conveyor/dlq';
import { UsageError } from './errors.ts';
import { parseTimePoint, type TimePoint } from './parseTimePoint.ts';

/** The stage that means "the local cloud on this machine". */
export const localStage = 'local';

/** A parsed `replay` command line. */
export interface ReplayArguments {
  /** Whether to print the help text and do nothing else. */
  readonly help: boolean;
  /** The consumer queue whose subscriptions replay. */
  readonly queue: string;
  readonly from: TimePoint;
  /** Without it the subscriptions replay up to now and then carry on with new messages. */
  readonly to: TimePoint | undefined;
  readonly stage: string;
  readonly profile?: string;
  readonly region?: string;
  /**
   * After a replay with an end, set a ReplayPolicy from a minute before the run started so the subscription
   * gets what it missed while SNS held it paused, and new messages again (default true).
   */
  readonly resume: boolean;
  /** Check the window and print the calls, without setting any ReplayPolicy. */
  readonly dryRun: boolean;
  /** Print the report as JSON. */
  readonly json: boolean;
}

/** The help text. */
export const replayUsage = `Usage: npm run replay -- <queue> --from <time> [--to <time>] [options]

Replays the SNS subscriptions of a consumer queue from their FIFO topics' archives (SNS
message archiving and replay): sets each subscription's ReplayPolicy, follows its ReplayStatus
and reports what was replayed. The same calls work on the local cloud and in AWS.

<queue> is a consumer queue by short name (email-notifications), full name
(conveyor-dev-email-notifications.fifo), topology key (emailNotifications) or consumer (email).

<time> is 2026-11-22T10:00:00Z (with its zone), 2026-11-22 (midnight UTC), a duration ago
(90s, 30m, 2h, 7d), now, or for --from: start (each topic's BeginningArchiveTime).

Options:
  --from <time>       first publish time to replay (required)
  --to <time>         last publish time to replay; without it the replay catches up to now and
                      the subscriptions carry on. SNS pauses a subscription after a replay with
                      an end, so the tool then resumes it from a minute before this run started
                      (what was published meanwhile comes again; consumers are idempotent)
  --no-resume         after a replay with --to, leave the subscriptions paused
  --stage <stage>     local (the default: the local cloud on 127.0.0.1, ports from
                      CONVEYOR_LOCAL_PORTS) or a stage in AWS such as dev or prod
  --profile <name>    AWS profile (default AWS_PROFILE, then the default credential chain)
  --region <region>   AWS region (default AWS_REGION, then the profile's region)
  --dry-run           check the window and print the calls without making them
  --json              print the report as JSON
  -h, --help          this text
`;

/**
 * Parses `replay`'s command line; `now` reads durations ago.
 *
 * @example
 * ```ts
 * parseReplayArguments(['analytics', '--from', 'start'], Date.now()).from; // { kind: 'archiveStart' }
 * ```
 * @throws UsageError for an unknown option, a missing queue or --from, or a bad time.
 */
export const parseReplayArguments = (argv: readonly string[], now: number): ReplayArguments => {
  let parsed;
  try {
    parsed = parseArgs({
      // `--from -5m` reaches parseTimePoint, which says a duration ago takes no sign.
      args: attachDashedValues(argv, ['--from', '--to']),
      allowPositionals: true,
      allowNegative: true,
      strict: true,
      options: {
        from: { type: 'string' },
        to: { type: 'string' },
        stage: { type: 'string', default: localStage },
        profile: { type: 'string' },
        region: { type: 'string' },
        resume: { type: 'boolean', default: true },
        'dry-run': { type: 'boolean', default: false },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    throw new UsageError(`${parseArgsErrorMessage(error)}\n\n${replayUsage}`, { cause: error });
  }
  const { values, positionals } = parsed;
  const [queue, ...extra] = positionals;
  const common = {
    stage: values.stage,
    ...(values.profile === undefined ? {} : { profile: values.profile }),
    ...(values.region === undefined ? {} : { region: values.region }),
    resume: values.resume,
    dryRun: values['dry-run'],
    json: values.json,
  };
  if (values.help) {
    return { ...common, help: true, queue: '', from: { kind: 'archiveStart' }, to: undefined };
  }
  if (queue === undefined) {
    throw new UsageError(
      'replay needs a queue, for example: npm run replay -- email-notifications --from 2h',
    );
  }
  if (extra.length > 0) throw new UsageError(`Unexpected arguments: ${extra.join(' ')}`);
  if (values.from === undefined) {
    throw new UsageError(
      'replay needs --from: a time (2026-11-22T10:00:00Z), a duration ago (2h) or "start".',
    );
  }
  return {
    ...common,
    help: false,
    queue,
    from: parseTimePoint(values.from, '--from', now),
    to: values.to === undefined ? undefined : parseTimePoint(values.to, '--to', now),
  };
};
