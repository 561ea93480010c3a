import { parse } from 'yaml';

/** Kinds of command a workflow step can run that name something in the repo. */
export const CommandKinds = {
  /** `npm run <script>`, `npm test`, `npm start`. */
  NpmScript: 'npm-script',
  /** `nx run <project>:<target>`. */
  NxRun: 'nx-run',
  /** `nx affected -t ...` or `nx run-many -t ...`. */
  NxTargets: 'nx-targets',
  /** `gh workflow run <file> -f name=value ...`. */
  GhWorkflowRun: 'gh-workflow-run',
} as const;

/** A kind of command. */
export type CommandKind = (typeof CommandKinds)[keyof typeof CommandKinds];

/** Where a command is, for messages. */
export interface CommandSource {
  /** The workflow file, as given. */
  readonly workflow: string;
  readonly job: string;
  /** The step's name, or its index when it has none. */
  readonly step: string;
}

/** A command found in a `run:` step, with what it names. */
export type WorkflowCommand = CommandSource &
  (
    | { readonly kind: 'npm-script'; readonly script: string }
    | { readonly kind: 'nx-run'; readonly project: string; readonly target: string }
    | {
        readonly kind: 'nx-targets';
        readonly subcommand: string;
        readonly targets: readonly string[];
      }
    | {
        readonly kind: 'gh-workflow-run';
        readonly workflowFile: string;
        readonly fields: readonly string[];
      }
  );

/** What of a workflow's triggers names projects: release tag patterns and dispatch choices. */
export interface WorkflowTriggers {
  /** Whether it has a `workflow_dispatch` trigger, so `gh workflow run` can start it. */
  readonly dispatchable: boolean;
  /** `on.push.tags` patterns. */
  readonly tagPatterns: readonly string[];
  /** `on.workflow_dispatch.inputs`, by name, with the options of choice inputs. */
  readonly dispatchInputs: Readonly<Record<string, { readonly options: readonly string[] }>>;
}

/** A parsed workflow: its commands and triggers. */
export interface ParsedWorkflow {
  readonly workflow: string;
  readonly commands: readonly WorkflowCommand[];
  readonly triggers: WorkflowTriggers;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/**
 * Splits one shell command line into words: quotes group and are removed, `\`-newlines join
 * lines, and `&&`, `||`, `;` and `|` become words of their own so a command ends there.
 */
export const shellWords = (line: string): string[] => {
  const words: string[] = [];
  let current = '';
  let quote: '"' | "'" | undefined;
  let inWord = false;
  const flush = (): void => {
    if (inWord) words.push(current);
    current = '';
    inWord = false;
  };
  for (let index = 0; index < line.length; index += 1) {
    const char = line.charAt(index);
    if (quote !== undefined) {
      if (char === quote) quote = undefined;
      else current += char;
      continue;
    }
    if (char === '"' || char === "'") {
      quote = char;
      inWord = true;
    } else if (char === '#' && !inWord) {
      break;
    } else if (/\s/.test(char)) {
      flush();
    } else if (char === ';' || char === '|' || char === '&') {
      flush();
      const pair = line.slice(index, index + 2);
      const operator = pair === '&&' || pair === '||' ? pair : char;
      words.push(operator);
      index += operator.length - 1;
    } else {
      current += char;
      inWord = true;
    }
  }
  flush();
  return words;
};

const operators = new Set(['&&', '||', ';', '|', '&']);

/** Splits words into simple commands at shell operators. */
const simpleCommands = (words: readonly string[]): string[][] => {
  const commands: string[][] = [[]];
  for (const word of words) {
    if (operators.has(word)) commands.push([]);
    else commands.at(-1)?.push(word);
  }
  return commands.filter((command) => command.length > 0);
};

// Options of `nx affected`/`nx run-many` that take a value, so it is not read as a target.
const nxTargetFlags = new Set(['-t', '--target', '--targets']);

const targetsOf = (args: readonly string[]): string[] => {
  const targets: string[] = [];
  for (let index = 0; index < args.length; index += 1) {
    const arg = args[index] ?? '';
    const inline = /^--targets?=(.*)$/.exec(arg);
    if (inline) {
      targets.push(...(inline[1] ?? '').split(','));
      continue;
    }
    if (!nxTargetFlags.has(arg)) continue;
    // `-t a b c` and `-t a,b,c`: every word up to the next option.
    for (index += 1; index < args.length && !(args[index] ?? '').startsWith('-'); index += 1) {
      targets.push(...(args[index] ?? '').split(','));
    }
    index -= 1;
  }
  return targets.filter((target) => target !== '');
};

type CommandPayload = WorkflowCommand extends infer C
  ? C extends WorkflowCommand
    ? Omit<C, keyof CommandSource>
    : never
  : never;

/** What one simple command names, if anything. */
export const commandsIn = (words: readonly string[]): CommandPayload[] => {
  let rest = [...words];
  // Leading `VAR=value` assignments and a leading `npx`/`exec` do not change the command.
  while (rest[0] !== undefined && /^[A-Za-z_][A-Za-z0-9_]*=/.test(rest[0])) rest = rest.slice(1);
  if (rest[0] === 'npx' || rest[0] === 'exec') rest = rest.slice(1);
  const [tool, sub, ...args] = rest;
  if (tool === 'npm') {
    if (sub === 'test' || sub === 't' || sub === 'start') {
      return [{ kind: CommandKinds.NpmScript, script: sub === 't' ? 'test' : sub }];
    }
    if (sub === 'run' || sub === 'run-script') {
      const script = args.find((arg) => !arg.startsWith('-'));
      return script === undefined ? [] : [{ kind: CommandKinds.NpmScript, script }];
    }
    return [];
  }
  if (tool === 'nx' && sub === 'run') {
    const spec = args.find((arg) => !arg.startsWith('-')) ?? '';
    const [project = '', target = ''] = spec.split(':');
    return [{ kind: CommandKinds.NxRun, project, target }];
  }
  if (tool === 'nx' && (sub === 'affected' || sub === 'run-many')) {
    return [{ kind: CommandKinds.NxTargets, subcommand: sub, targets: targetsOf(args) }];
  }
  if (tool === 'gh' && sub === 'workflow' && args[0] === 'run') {
    const workflowFile = args.slice(1).find((arg) => !arg.startsWith('-')) ?? '';
    const fields: string[] = [];
    for (let index = 1; index < args.length; index += 1) {
      const arg = args[index] ?? '';
      if (arg === '-f' || arg === '-F' || arg === '--field' || arg === '--raw-field') {
        fields.push((args[index + 1] ?? '').split('=')[0] ?? '');
        index += 1;
      }
    }
    return [{ kind: CommandKinds.GhWorkflowRun, workflowFile, fields }];
  }
  return [];
};

/** Every command a `run:` script names, joining `\`-continued lines first. */
export const commandsInScript = (script: string): CommandPayload[] =>
  script
    .replace(/\\\r?\n/g, ' ')
    .split(/\r?\n/)
    .flatMap((line) => simpleCommands(shellWords(line)))
    .flatMap((words) => commandsIn(words));

const triggersOf = (on: unknown): WorkflowTriggers => {
  if (!isRecord(on)) {
    const names: unknown[] = Array.isArray(on) ? on : [on];
    return {
      dispatchable: names.includes('workflow_dispatch'),
      tagPatterns: [],
      dispatchInputs: {},
    };
  }
  const push = on.push;
  const tags = isRecord(push) && Array.isArray(push.tags) ? push.tags : [];
  const dispatch = on.workflow_dispatch;
  const inputs = isRecord(dispatch) && isRecord(dispatch.inputs) ? dispatch.inputs : {};
  return {
    dispatchable: 'workflow_dispatch' in on,
    tagPatterns: tags.filter((tag): tag is string => typeof tag === 'string'),
    dispatchInputs: Object.fromEntries(
      Object.entries(inputs).map(([name, input]) => [
        name,
        {
          options:
            isRecord(input) && Array.isArray(input.options)
              ? input.options.map((option) => String(option))
              : [],
        },
      ]),
    ),
  };
};

/**
 * Parses a GitHub Actions workflow and lists what its `run:` steps call and what its triggers
 * name. Only the commands it recognises are listed (npm scripts, `nx run`, `nx affected`,
 * `nx run-many`, `gh workflow run`); anything else is ignored.
 *
 * @example
 * ```ts
 * parseWorkflow('ci.yml', text).commands; // [{ kind: 'nx-targets', targets: ['lint', ...], ... }]
 * ```
 * @throws Error when the YAML does not parse or has no `jobs`.
 */
export const parseWorkflow = (workflow: string, text: string): ParsedWorkflow => {
  const document: unknown = parse(text);
  if (!isRecord(document) || !isRecord(document.jobs)) {
    throw new Error(`${workflow}: not a workflow (no jobs)`);
  }
  const commands: WorkflowCommand[] = [];
  for (const [job, definition] of Object.entries(document.jobs)) {
    const steps = isRecord(definition) && Array.isArray(definition.steps) ? definition.steps : [];
    for (const [index, step] of steps.entries()) {
      if (!isRecord(step) || typeof step.run !== 'string') continue;
      const name = typeof step.name === 'string' ? step.name : `step ${index + 1}`;
      for (const payload of commandsInScript(step.run)) {
        commands.push({ workflow, job, step: name, ...payload });
      }
    }
  }
  return { workflow, commands, triggers: triggersOf(document.on) };
};
