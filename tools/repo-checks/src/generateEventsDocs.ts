// `npm run docs:events`: rewrites the "consumes / produces" section of every service README
// from libs/event-types/topology.json. `npm test` fails while one is out of date.
import { writeEventsDocs } from './eventsDocs.ts';

const run = async (): Promise<number> => {
  try {
    const written = await writeEventsDocs();
    process.stdout.write(
      written.length === 0
        ? 'docs:events: every service README matches the topology\n'
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

process.exitCode = await run();
