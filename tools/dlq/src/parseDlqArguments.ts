import { parseArgs } from 'node:util';
import { localStage } from './connectToStage.ts';
import { UsageError } from './errors.ts';
import { attachDashedValues } from './attachDashedValues.ts';
import { parseArgsErrorMessage } from './parseArgsErrorMessage.ts';
import { type RedriveMethod, RedriveMethods } from './redriveDeadLetterQueue.ts';

/** The `dlq` commands. */
export const DlqCommands = {
  List: 'list',
  Peek: 'peek',
  Redrive: 'redrive',
  Purge: 'purge',
  Help: 'help',
} as const;

/** A `dlq` command. */
export type DlqCommand = (typeof DlqCommands)[keyof typeof DlqCommands];

/** A parsed `dlq` command line. */
export interface DlqArguments {
  readonly command: DlqCommand;
  /** The queue argument of peek, redrive and purge. */
  readonly queue?: string;
  readonly stage: string;
  readonly profile?: string;
  readonly region?: string;
  readonly max?: number;
  /** redrive: DLQ message ids to leave in the DLQ (a poison ahead of valid events). */
  readonly keep?: readonly string[];
  readonly method: RedriveMethod;
  readonly ratePerSecond?: number;
  readonly wait: boolean;
  readonly body: boolean;
  readonly json: boolean;
  readonly yes: boolean;
}

/** The help text. */
export const dlqUsage = `Usage: npm run dlq -- <command> [queue] [options]

Commands:
  list              every DLQ of the stage with its depth (visible + in flight)
  peek <queue>      show messages without consuming them (each peek adds 1 to their receive count)
  redrive <queue>   move the messages back to the source queue (fix the cause first)
  purge <queue>     delete every message; asks you to type the queue name

<queue> is a DLQ or its source queue, by short name (inventory-orders, inventory-orders-dlq.fifo),
full name (conveyor-dev-inventory-orders-dlq.fifo), topology key (inventoryOrders) or consumer (inventory).

Options:
  --stage <stage>     local (the default: the local cloud on 127.0.0.1, ports from
                      CONVEYOR_LOCAL_PORTS) or a stage in AWS such as dev or prod
  --profile <name>    AWS profile (default AWS_PROFILE, then the default credential chain)
  --region <region>   AWS region (default AWS_REGION, then the profile's region)
  --max <n>           peek: show at most n (default 10); redrive: move at most n (manual)
  --keep <id,...>     redrive: leave these messages (DLQ message ids, as peek shows them;
                      comma-separated or repeated) in the DLQ and move the rest (manual): a
                      poison's FIFO group followed it there, and must not be redriven behind it
                      again. A kept FIFO message goes to the back of its group with a new id
  --method <method>   redrive: auto (default: move-task in AWS, manual locally), move-task, manual
  --rate <n>          redrive with a move task: messages per second (default: chosen by SQS)
  --no-wait           redrive with a move task: start it and return without waiting
  --body              peek: print each body too (bodies hold customer data)
  --json              print JSON instead of text
  --yes               purge without asking (required without a terminal)
  -h, --help          this text
`;

const positiveInteger = (value: string | undefined, flag: string): number | undefined => {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (!/^\d+$/.test(value) || number < 1) {
    throw new UsageError(`${flag} needs a positive whole number, got "${value}".`);
  }
  return number;
};

// What each command reads besides --stage, --profile, --region, --json and --help: an option it
// does not read is refused, rather than taken for one that did something. Help reads none.
const commandOptions: Readonly<Record<Exclude<DlqCommand, 'help'>, readonly string[]>> = {
  [DlqCommands.List]: [],
  [DlqCommands.Peek]: ['max', 'body'],
  [DlqCommands.Redrive]: ['max', 'keep', 'method', 'rate', 'wait'],
  [DlqCommands.Purge]: ['yes'],
};
const everyCommandOptions: ReadonlySet<string> = new Set([
  'stage',
  'profile',
  'region',
  'json',
  'help',
]);

const isCommand = (value: string): value is DlqCommand =>
  (Object.values(DlqCommands) as string[]).includes(value);

const isMethod = (value: string): value is RedriveMethod =>
  (Object.values(RedriveMethods) as string[]).includes(value);

/**
 * Parses `dlq`'s command line.
 *
 * @example
 * ```ts
 * parseDlqArguments(['peek', 'inventory-orders', '--stage', 'dev']).queue; // 'inventory-orders'
 * ```
 * @throws UsageError for an unknown command or option, a missing queue, or a bad value.
 */
export const parseDlqArguments = (argv: readonly string[]): DlqArguments => {
  let parsed;
  try {
    parsed = parseArgs({
      // `--max -1` gets the answer `--max 0` gets.
      args: attachDashedValues(argv, ['--max', '--rate']),
      allowPositionals: true,
      allowNegative: true,
      strict: true,
      tokens: true,
      options: {
        stage: { type: 'string', default: localStage },
        profile: { type: 'string' },
        region: { type: 'string' },
        max: { type: 'string' },
        keep: { type: 'string', multiple: true },
        method: { type: 'string', default: RedriveMethods.Auto },
        rate: { type: 'string' },
        wait: { type: 'boolean', default: true },
        body: { type: 'boolean', default: false },
        json: { type: 'boolean', default: false },
        yes: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    throw new UsageError(`${parseArgsErrorMessage(error)}\n\n${dlqUsage}`, {
      cause: error,
    });
  }
  const { values, positionals, tokens } = parsed;
  const [commandText, queue, ...extra] = positionals;
  // No command is a usage error (exit 2), as for trace and replay; --help alone is not.
  if (commandText === undefined && !values.help) {
    throw new UsageError(`Name a command.\n\n${dlqUsage}`);
  }
  const command = values.help || commandText === undefined ? DlqCommands.Help : commandText;
  if (!isCommand(command)) {
    throw new UsageError(`Unknown command "${command}".\n\n${dlqUsage}`);
  }
  if (command === DlqCommands.List && queue !== undefined) {
    throw new UsageError(`list takes no queue (got "${queue}").`);
  }
  if (command !== DlqCommands.List && command !== DlqCommands.Help && queue === undefined) {
    throw new UsageError(
      `${command} needs a queue, for example: npm run dlq -- ${command} inventory-orders`,
    );
  }
  if (extra.length > 0) throw new UsageError(`Unexpected arguments: ${extra.join(' ')}`);
  const own = command === DlqCommands.Help ? undefined : commandOptions[command];
  const unread = tokens.flatMap((token) =>
    own !== undefined &&
    token.kind === 'option' &&
    !everyCommandOptions.has(token.name) &&
    !own.includes(token.name)
      ? [token.rawName]
      : [],
  );
  if (own !== undefined && unread.length > 0) {
    const flags = own.map((name) => (name === 'wait' ? '--no-wait' : `--${name}`));
    throw new UsageError(
      `${command} takes no ${[...new Set(unread)].join(', ')}${flags.length === 0 ? '' : `; its own options: ${flags.join(', ')}`}.`,
    );
  }
  if (!isMethod(values.method)) {
    throw new UsageError(
      `--method must be one of ${Object.values(RedriveMethods).join(', ')}, got "${values.method}".`,
    );
  }
  const max = positiveInteger(values.max, '--max');
  const keep = values.keep?.flatMap((list) => list.split(',')).map((id) => id.trim());
  if (keep?.some((id) => id === '') === true) {
    throw new UsageError(
      '--keep needs DLQ message ids, comma-separated, as npm run dlq -- peek <queue> shows them.',
    );
  }
  const ratePerSecond = positiveInteger(values.rate, '--rate');
  return {
    command,
    ...(queue === undefined ? {} : { queue }),
    stage: values.stage,
    ...(values.profile === undefined ? {} : { profile: values.profile }),
    ...(values.region === undefined ? {} : { region: values.region }),
    ...(max === undefined ? {} : { max }),
    ...(keep === undefined ? {} : { keep: [...new Set(keep)] }),
    method: values.method,
    ...(ratePerSecond === undefined ? {} : { ratePerSecond }),
    wait: values.wait,
    body: values.body,
    json: values.json,
    yes: values.yes,
  };
};
