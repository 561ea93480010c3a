// Writes the JSON Schema of every published (eventType, version) to schemas/<type>/v<N>.json.
// It refuses to overwrite a committed schema with an incompatible one: publish a new version.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findBreakingChanges, publishedJsonSchemas } from '../src/schemaCompatibility.ts';

const schemasDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'schemas');
let refused = 0;
let unchanged = 0;
let written = 0;
for (const [key, schema] of Object.entries(publishedJsonSchemas())) {
  const file = join(schemasDir, `${key}.json`);
  const text = `${JSON.stringify(schema, null, 2)}\n`;
  if (existsSync(file)) {
    const committed = readFileSync(file, 'utf8');
    if (committed === text) {
      unchanged += 1;
      continue;
    }
    const breaks = findBreakingChanges(JSON.parse(committed) as Record<string, unknown>, schema);
    if (breaks.length > 0) {
      refused += 1;
      console.error(`${key}: incompatible with the published schema, not written:`);
      for (const b of breaks) console.error(`  ${b.path}: ${b.message}`);
      continue;
    }
  }
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, text);
  console.log(`wrote ${key}.json`);
  written += 1;
}
// Said even when nothing changed: silence would not tell a run that found nothing to do.
console.log(
  `${String(written)} schema(s) written, ${String(unchanged)} already up to date${refused > 0 ? `, ${String(refused)} refused` : ''}`,
);
if (refused > 0) {
  console.error('Publish a new version beside the old one instead of changing a published one.');
  process.exitCode = 1;
}
