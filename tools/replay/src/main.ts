// `npm run replay -- <queue> --from <time>`: replays a consumer queue's SNS subscriptions from
// their topics' archives, on the local cloud or in AWS.
import { runReplayCli } from './runReplayCli.ts';

process.exitCode = await runReplayCli(process.argv.slice(2), {
  env: process.env,
  out: (text) => {
    process.stdout.write(`${text}\n`);
  },
  err: (text) => {
    process.stderr.write(`${text}\n`);
  },
  progress: {
    write: (text) => {
      process.stderr.write(text);
    },
    // Undefined, not false, when stderr is a pipe or a file.
    terminal: (process.stderr.isTTY as boolean | undefined) === true,
  },
});
