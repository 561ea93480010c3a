// The compatibility gate: every committed JSON Schema is a published contract, and the current
// zod schemas must stay compatible with it. Run `npm run schemas:generate` to add a new version.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { findBreakingChanges, type JsonSchema, publishedJsonSchemas } from '../src/index.ts';

const schemasDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'schemas');
const current = publishedJsonSchemas();
const committedKeys = readdirSync(schemasDir).flatMap((eventType) =>
  readdirSync(join(schemasDir, eventType))
    .filter((file) => file.endsWith('.json'))
    .map((file) => `${eventType}/${file.replace(/\.json$/, '')}`),
);

describe('published event schemas', () => {
  it.each(Object.keys(current))('%s has a committed JSON Schema', (key) => {
    // Act
    const exists = existsSync(join(schemasDir, `${key}.json`));

    // Assess
    expect(exists, `run npm run schemas:generate and commit schemas/${key}.json`).toBe(true);
  });

  it.each(committedKeys)(
    '%s is still published and compatible with its committed schema',
    (key) => {
      // Prepare
      const committed = JSON.parse(
        readFileSync(join(schemasDir, `${key}.json`), 'utf8'),
      ) as JsonSchema;
      const next = current[key];

      // Act
      const breaks = next === undefined ? [] : findBreakingChanges(committed, next);

      // Assess
      expect(
        next,
        `${key} was removed from the catalog; published versions stay parseable`,
      ).toBeDefined();
      expect(breaks, `${key} changed incompatibly; publish a new version instead`).toEqual([]);
    },
  );
});
