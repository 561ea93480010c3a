// `npm run docs:events`: rewrites the "consumes / produces" section of every service README
// and the root README's table of published events from libs/event-types/topology.json. `npm
// test` fails while one is out of date.
import { writeEventsDocs } from './eventsDocs.ts';

const run = async (): Promise<number> => {
  try {
    const written = await writeEventsDocs();
    process.stdout.write(
      written.length === 0
        ? "docs:events: every README's events section matches the topology\n"
        : `docs:events: rewrote the events section of ${written.join(', ')}\n`,
    );
    return 0;
  } catch (error) {
    process.stderr.write(
      `docs:events: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    return 1;
  }
};

const usage = `Usage: npm run docs:events

Rewrites the "consumes / produces" section of every service README and the root
README's table of published events from libs/event-types/topology.json, and says
which it rewrote. Takes no options.`;

// No options: anything but -h/--help is refused rather than taken for a request to rewrite.
const argv = process.argv.slice(2);
if (argv.length === 1 && (argv[0] === '--help' || argv[0] === '-h')) {
  process.stdout.write(`${usage}\n`);
} else if (argv.length > 0) {
  process.stderr.write(`docs:events: takes no arguments (got ${argv.join(' ')}; see --help)\n`);
  process.exitCode = 2;
} else {
  process.exitCode = await run();
}
