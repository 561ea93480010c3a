// `npm run trace -- <orderId|correlationId>`: one order's timeline across every service.
import { runTraceCli } from './runTraceCli.ts';

process.exitCode = await runTraceCli(process.argv.slice(2), {
  env: process.env,
  out: (text) => {
    process.stdout.write(`${text}\n`);
  },
  err: (text) => {
    process.stderr.write(`${text}\n`);
  },
});
