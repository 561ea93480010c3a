// Run in a fresh process by measureInit.ts: `node initProbe.ts <bundle> <export>`. It times what
// Lambda's runtime does at a cold start once it is itself loaded: require the handler's bundle
// and look its export up. Prints `{"initMs":…}`; exits 2 if the export is not a function.
import { createRequire } from 'node:module';

const [bundle = '', exportName = ''] = process.argv.slice(2);
const require = createRequire(import.meta.url);

const start = process.hrtime.bigint();
const loaded = require(bundle) as Record<string, unknown>;
const handler = loaded[exportName];
const end = process.hrtime.bigint();

if (typeof handler !== 'function') {
  process.stderr.write(`${bundle} exports no function "${exportName}"\n`);
  process.exit(2);
}
// Exit once written: a bundle that leaves a handle open (a timer, a socket) must not hang the bench.
process.stdout.write(JSON.stringify({ initMs: Number(end - start) / 1e6 }), () => process.exit(0));
