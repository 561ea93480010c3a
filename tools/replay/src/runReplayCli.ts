import { setTimeout as sleep } from 'node:timers/promises';
import { connectToStage, type StageConnection } from './connectToStage.ts';
import { type ExitCode, ExitCodes, ReplayError, toReplayError } from './errors.ts';
import { findConsumerQueue } from './findConsumerQueue.ts';
import { formatDryRun, formatReplayResult, replayResultJson } from './formatReplayResult.ts';
import { parseReplayArguments, replayUsage } from './parseReplayArguments.ts';
import { checkReplayWindow, planReplay } from './planReplay.ts';
import { type ProgressOutput, progressReporter } from './progressReporter.ts';
import { type Clock, runReplay } from './runReplay.ts';
import { snsSqsReplayGateway } from './snsSqsReplayGateway.ts';

/** What the CLI reads from and writes to; `main.ts` passes the process's own. */
export interface ReplayCliIo {
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Results (a line). */
  readonly out: (text: string) => void;
  /** Errors, the calls made and notes (a line). */
  readonly err: (text: string) => void;
  /** Progress: standard error as it is, and whether it is a terminal. */
  readonly progress: ProgressOutput;
  /** The clock; the system's by default. */
  readonly clock?: Clock;
}

const systemClock: Clock = { now: () => Date.now(), sleep: (ms) => sleep(ms) };

const run = async (
  argv: readonly string[],
  io: ReplayCliIo,
  connect: (stage: string, profile?: string, region?: string) => Promise<StageConnection>,
): Promise<ExitCode> => {
  const clock = io.clock ?? systemClock;
  const args = parseReplayArguments(argv, clock.now());
  if (args.help) {
    io.out(replayUsage);
    return ExitCodes.Ok;
  }
  // Checked before connecting, so a typo fails fast, even offline.
  const queue = findConsumerQueue(args.stage, args.queue);
  checkReplayWindow({ from: args.from, to: args.to }, clock.now());
  const connection = await connect(args.stage, args.profile, args.region);
  const { where } = connection;
  const reporter = progressReporter(io.progress);
  const printed = new Set<string>();
  const gateway = snsSqsReplayGateway(connection.sns, connection.sqs, (call) => {
    // Each distinct call once: the polls repeat the same few.
    if (printed.has(call)) return;
    printed.add(call);
    reporter.done();
    io.err(`  ${call}`);
  });
  try {
    const plan = await planReplay({
      queue,
      window: { from: args.from, to: args.to },
      gateway,
      now: clock.now(),
      where,
    });
    if (args.dryRun) {
      io.out(args.json ? JSON.stringify(plan, null, 2) : formatDryRun(plan, where));
      return ExitCodes.Ok;
    }
    io.err(
      `Replaying ${String(plan.replays.length)} subscription(s) of ${queue.name} in ${where}. The replay runs in SNS: stopping this command does not stop it.`,
    );
    const result = await runReplay({
      plan,
      gateway,
      clock,
      pollIntervalMs: connection.pollIntervalMs,
      resume: args.resume,
      ...(args.json ? {} : { onProgress: reporter.onProgress }),
    });
    reporter.done();
    io.out(
      args.json
        ? JSON.stringify(replayResultJson(result), null, 2)
        : formatReplayResult(result, where),
    );
    return result.completed ? ExitCodes.Ok : ExitCodes.Failure;
  } catch (error) {
    reporter.done();
    throw toReplayError(error, { local: connection.local, where });
  } finally {
    connection.close();
  }
};

/**
 * Runs one `replay` command line and resolves with its exit code; never throws for an expected
 * failure (it prints the reason to `err`).
 *
 * @example
 * ```ts
 * process.exitCode = await runReplayCli(process.argv.slice(2), io);
 * ```
 */
export const runReplayCli = async (argv: readonly string[], io: ReplayCliIo): Promise<ExitCode> => {
  try {
    return await run(argv, io, (stage, profile, region) =>
      connectToStage({ stage, profile, region, env: io.env }),
    );
  } catch (error) {
    if (error instanceof ReplayError) {
      io.err(`replay: ${error.message}`);
      return error.exitCode;
    }
    throw error;
  }
};
