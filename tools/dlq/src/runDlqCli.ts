import { connectToStage, type DlqConnection } from './connectToStage.ts';
import { findDeadLetterQueue } from './deadLetterQueues.ts';
import { DlqError, type ExitCode, ExitCodes } from './errors.ts';
import { formatDeadLetterQueueList, listDeadLetterQueues } from './listDeadLetterQueues.ts';
import { DlqCommands, dlqUsage, parseDlqArguments } from './parseDlqArguments.ts';
import {
  formatPeekResult,
  peekDeadLetterQueue,
  peekResultForOutput,
} from './peekDeadLetterQueue.ts';
import { formatPurgeResult, purgeDeadLetterQueue } from './purgeDeadLetterQueue.ts';
import { formatRedriveResult, redriveDeadLetterQueue } from './redriveDeadLetterQueue.ts';

/** What the CLI reads from and writes to; `main.ts` passes the process's own. */
export interface DlqCliIo {
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Results. */
  readonly out: (text: string) => void;
  /** Errors and progress. */
  readonly err: (text: string) => void;
  /** Whether someone can answer a prompt (stdin is a terminal). */
  readonly interactive: boolean;
  /** Asks a question on the terminal and resolves with the answer. */
  readonly ask: (question: string) => Promise<string>;
}

const json = (value: unknown): string => JSON.stringify(value, null, 2);

const runCommand = async (
  argv: readonly string[],
  io: DlqCliIo,
  connection: DlqConnection,
): Promise<void> => {
  const args = parseDlqArguments(argv);
  if (args.command === DlqCommands.List) {
    const rows = await listDeadLetterQueues(connection);
    io.out(args.json ? json(rows) : formatDeadLetterQueueList(connection, rows));
    return;
  }
  const queue = findDeadLetterQueue(connection.stage, args.queue ?? '');
  if (args.command === DlqCommands.Peek) {
    const result = await peekDeadLetterQueue(connection, queue, {
      ...(args.max === undefined ? {} : { max: args.max }),
    });
    io.out(
      args.json
        ? json(peekResultForOutput(result, { body: args.body }))
        : formatPeekResult(result, { body: args.body }),
    );
    return;
  }
  if (args.command === DlqCommands.Redrive) {
    const result = await redriveDeadLetterQueue(connection, queue, {
      method: args.method,
      wait: args.wait,
      ...(args.max === undefined ? {} : { max: args.max }),
      ...(args.keep === undefined ? {} : { keep: args.keep }),
      ...(args.ratePerSecond === undefined ? {} : { ratePerSecond: args.ratePerSecond }),
      onProgress: (line) => {
        if (!args.json) io.err(line);
      },
    });
    io.out(args.json ? json(result) : formatRedriveResult(result));
    return;
  }
  const result = await purgeDeadLetterQueue(connection, queue, {
    yes: args.yes,
    interactive: io.interactive,
    ask: io.ask,
  });
  io.out(args.json ? json(result) : formatPurgeResult(result));
};

/**
 * Runs one `dlq` command line and resolves with its exit code; never throws for an expected
 * failure (it prints the one-line reason to `err`).
 *
 * @example
 * ```ts
 * process.exitCode = await runDlqCli(process.argv.slice(2), io);
 * ```
 */
export const runDlqCli = async (argv: readonly string[], io: DlqCliIo): Promise<ExitCode> => {
  let connection: DlqConnection | undefined;
  try {
    const args = parseDlqArguments(argv);
    if (args.command === DlqCommands.Help) {
      io.out(dlqUsage);
      return ExitCodes.Ok;
    }
    // Validate the queue name before connecting, so a typo fails fast, even offline.
    if (args.queue !== undefined) findDeadLetterQueue(args.stage, args.queue);
    connection = await connectToStage({
      stage: args.stage,
      profile: args.profile,
      region: args.region,
      env: io.env,
    });
    await runCommand(argv, io, connection);
    return ExitCodes.Ok;
  } catch (error) {
    if (error instanceof DlqError) {
      io.err(`dlq: ${error.message}`);
      return error.exitCode;
    }
    throw error;
  } finally {
    connection?.close();
  }
};
