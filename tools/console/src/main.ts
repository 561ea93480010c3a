// The console's process, which `npm start` supervises beside the services.
import { UsageError } from '@conveyor/dlq';
import { defaultConsolePort, discoverServices, onShutdownSignal } from '@conveyor/local-cloud';
import { startConsoleServer } from './consoleServer.ts';
import { consoleUsage, parseConsoleArguments, wantsHelp } from './parseConsoleArguments.ts';

if (wantsHelp(process.argv.slice(2))) {
  process.stdout.write(`${consoleUsage}\n`);
  process.exit(0);
}

const args = (() => {
  try {
    return parseConsoleArguments(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(
      `console: ${error instanceof Error ? error.message : String(error)}\n${consoleUsage}\n`,
    );
    return process.exit(2);
  }
})();

const shipping = discoverServices(args.servicesDir).find((service) => service.name === 'shipping');
const server = await startConsoleServer({
  port: args.port,
  logsDir: args.logsDir,
  env: process.env,
  shippingUrl: shipping === undefined ? undefined : `http://127.0.0.1:${shipping.httpPort}`,
}).catch((error: unknown) => {
  if (error instanceof UsageError) {
    // An unreadable CONVEYOR_LOCAL_PORTS: one line, as npm run dlq says it.
    process.stderr.write(`console: ${error.message}\n`);
    return process.exit(2);
  }
  if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
  process.stderr.write(
    `console: port ${String(args.port)} is in use: give the console another one (--port; for npm start's console, --console-port or CONVEYOR_CONSOLE_PORT). npm start runs one on ${String(defaultConsolePort)} unless told otherwise.\n`,
  );
  return process.exit(1);
});
// The supervisor's readiness probe also accepts this line.
process.stdout.write(`Console ready: ${server.url}\n`);

// Also when npm start's supervisor is gone (kill -9): an orphaned console would keep its port,
// and the next npm start would refuse to start on it.
onShutdownSignal(async () => {
  await server.close();
  process.exit(0);
});
