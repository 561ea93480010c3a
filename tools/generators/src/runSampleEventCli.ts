import { parseArgs } from 'node:util';
import { EventTypes, EventTypesError } from '@conveyor/event-types';
import { GeneratorError } from './GeneratorError.ts';
import { sampleEvent, type SampleEventShape, SampleEventShapes } from './sampleEvent.ts';

/** What the CLI prints for `--help` and after a usage error. */
export const SAMPLE_EVENT_USAGE = `Usage: npm run sample-event -- <eventType> [--as sqs|sns] [--queue <queue>] [--stage local] [--region us-east-1]

Prints the Lambda event a consumer receives for one Conveyor event, built from the contract's
example (libs/event-types exampleEventData) and published as the toolkit publishes it.
  --as sqs    (default) one SQS record as the queue's consumer gets it through raw delivery
  --as sns    one SNS notification, as SNS invokes a subscribed function
  --queue     the consumer's queue, by its key in topology.json or its name (inventory-orders),
              when several queues take the event
Save it and invoke a function with it (-s keeps npm's own lines out of the file), locally
against the local cloud (npm run local-cloud) or its running service (npx nx run <service>:offline):
  npm run -s sample-event -- order.placed --queue inventoryOrders > event.json
  cd services/inventory && npx sls invoke local -f onOrderPlaced --stage local --path ../../event.json
  curl -X POST --data-binary @event.json \\
    http://127.0.0.1:3102/2015-03-31/functions/conveyor-inventory-local-onOrderPlaced/invocations
(a service's Lambda port is metadata.localPorts.lambda in its project.json).`;

/** Where the CLI writes, and its exit code. */
export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
}

const shapes = Object.values(SampleEventShapes) as string[];

const isShape = (value: string): value is SampleEventShape => shapes.includes(value);

/**
 * Runs `npm run sample-event` on its arguments: the event's JSON on stdout, notes and errors on
 * stderr.
 *
 * @returns the exit code: 0 printed, 2 usage error or unknown name.
 */
export const runSampleEventCli = (args: readonly string[], io: CliIo): number => {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...args],
      allowPositionals: true,
      options: {
        as: { type: 'string', default: SampleEventShapes.Sqs },
        queue: { type: 'string' },
        stage: { type: 'string' },
        region: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    io.stderr(`sample-event: ${(error as Error).message}\n${SAMPLE_EVENT_USAGE}\n`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help === true) {
    io.stdout(`${SAMPLE_EVENT_USAGE}\n`);
    return 0;
  }
  const [eventType, ...extra] = positionals;
  if (eventType === undefined || extra.length > 0 || !isShape(values.as)) {
    io.stderr(
      `sample-event: ${eventType === undefined ? `name one event type: ${Object.values(EventTypes).join(', ')}` : extra.length > 0 ? `one event type only, not ${positionals.join(' ')}` : `--as takes ${shapes.join(' or ')}, not ${values.as}`}\n${SAMPLE_EVENT_USAGE}\n`,
    );
    return 2;
  }
  try {
    const { event, notes } = sampleEvent({
      eventType,
      as: values.as,
      ...(values.queue === undefined ? {} : { queue: values.queue }),
      ...(values.stage === undefined ? {} : { stage: values.stage }),
      ...(values.region === undefined ? {} : { region: values.region }),
    });
    io.stdout(`${JSON.stringify(event, null, 2)}\n`);
    for (const note of notes) io.stderr(`${note}\n`);
    return 0;
  } catch (error) {
    if (error instanceof GeneratorError || error instanceof EventTypesError) {
      io.stderr(`sample-event: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
};
