import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

/** What the console's command line says. */
export interface ConsoleArguments {
  readonly port: number;
  readonly logsDir: string;
  readonly servicesDir: string;
}

/** Usage of `node tools/console/src/main.ts`, which `npm start` runs. */
export const consoleUsage = `Usage: npm run console -- --port N [--logs-dir DIR] [--services-dir DIR]

Serves the local console on http://127.0.0.1:N (npm start runs it; see tools/console/README.md).
  --port N             port on 127.0.0.1 (0 picks a free one)
  --logs-dir DIR       npm start's logs (default <repo>/.local/logs)
  --services-dir DIR   where services live, for shipping's port (default <repo>/services)
  -h, --help           this text`;

/** Whether the command line asks for the usage text, whatever else it holds. */
export const wantsHelp = (argv: readonly string[]): boolean =>
  argv.includes('--help') || argv.includes('-h');

const repoPath = (path: string): string =>
  fileURLToPath(new URL(`../../../${path}`, import.meta.url));

/**
 * Parses the console's command line.
 *
 * @throws Error naming the problem, for a missing or invalid `--port` or an unknown option.
 */
export const parseConsoleArguments = (argv: readonly string[]): ConsoleArguments => {
  const { values } = parseArgs({
    args: [...argv],
    strict: true,
    allowPositionals: false,
    options: {
      port: { type: 'string' },
      'logs-dir': { type: 'string' },
      'services-dir': { type: 'string' },
    },
  });
  const port = Number(values.port);
  if (values.port === undefined || !/^\d+$/.test(values.port) || port > 65_535) {
    throw new Error(`Invalid or missing --port "${values.port ?? ''}": expected 0-65535.`);
  }
  return {
    port,
    logsDir: values['logs-dir'] ?? repoPath('.local/logs'),
    servicesDir: values['services-dir'] ?? repoPath('services'),
  };
};
