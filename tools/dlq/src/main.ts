// `npm run dlq -- <command>`: Conveyor's dead-letter queues, on the local cloud or in AWS.
import { createInterface } from 'node:readline/promises';
import { runDlqCli } from './runDlqCli.ts';

const ask = async (question: string): Promise<string> => {
  const prompt = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return await prompt.question(question);
  } finally {
    prompt.close();
  }
};

process.exitCode = await runDlqCli(process.argv.slice(2), {
  env: process.env,
  out: (text) => {
    process.stdout.write(`${text}\n`);
  },
  err: (text) => {
    process.stderr.write(`${text}\n`);
  },
  // Undefined, not false, when stdin is a pipe or /dev/null.
  interactive: (process.stdin.isTTY as boolean | undefined) === true,
  ask,
});
