// `npm run sample-event -- <eventType> [--as sqs|sns] [--queue <queueKey>]`.
import { runSampleEventCli } from './runSampleEventCli.ts';

process.exitCode = runSampleEventCli(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
});
