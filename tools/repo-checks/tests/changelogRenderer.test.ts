import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as prettier from 'prettier';
import { afterAll, describe, expect, it } from 'vitest';
import { formatChangelogEntry, rescopeChange, startsChangelog } from '../src/changelogRenderer.ts';

// What Nx's default renderer produces for a breaking change: two spaces after ⚠️, no final newline.
const rendered = (version: string) =>
  [
    `## ${version} (2026-11-22)`,
    '',
    '### 🚀 Features',
    '',
    '- ⚠️  **checkout:** answer GET /orders/{id} with the status timeline only',
    '',
    '### ⚠️  Breaking Changes',
    '',
    '- **checkout:** answer GET /orders/{id} with the status timeline only',
    "  the order's lines are no longer part of the response.",
  ].join('\n');

const isPrettier = async (markdown: string) =>
  prettier.check(markdown, { parser: 'markdown', singleQuote: true, printWidth: 100 });

const scratch = await mkdtemp(join(tmpdir(), 'changelog-'));

afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

describe('formatChangelogEntry', () => {
  it('makes a first entry, and a file of several entries as Nx assembles it, Prettier-clean', async () => {
    // Act: Nx writes the first entry as the file, then prepends each later one and a blank line.
    const first = await formatChangelogEntry(rendered('0.1.0'), { startsFile: true });
    const second = await formatChangelogEntry(rendered('0.2.0'), { startsFile: false });
    const file = `${second}\n\n${first}`;

    // Assess
    expect(first.endsWith('\n')).toBe(true);
    expect(second.endsWith('\n')).toBe(false);
    expect(first).toContain('- ⚠️ **checkout:**');
    expect(await isPrettier(first)).toBe(true);
    expect(await isPrettier(file)).toBe(true);
    expect(await isPrettier(rendered('0.1.0'))).toBe(false);
  });
});

describe('startsChangelog', () => {
  it('is true only while the project has no CHANGELOG.md', async () => {
    // Prepare
    await mkdir(join(scratch, 'services', 'inventory'), { recursive: true });
    const before = startsChangelog('services/inventory', scratch);
    await writeFile(join(scratch, 'services', 'inventory', 'CHANGELOG.md'), '## 0.1.0\n');

    // Act
    const after = startsChangelog('services/inventory', scratch);

    // Assess
    expect({ before, after }).toEqual({ before: true, after: false });
  });
});

describe('rescopeChange', () => {
  it('ends the scope at the first "): ", where Nx took the last', () => {
    // Prepare: as Nx parses `perf(services): consumers (checkout, inventory): two writes fewer`.
    const parsed = {
      type: 'perf',
      scope: 'services): consumers (checkout, inventory',
      description: 'two writes fewer',
    };

    // Act
    const fixed = rescopeChange(parsed);
    const plain = rescopeChange({ scope: 'inventory', description: 'keeps (a) and b): c' });
    const unscoped = rescopeChange({ description: 'x): y' });
    const breaking = rescopeChange({
      scope: 'checkout)!: orders (all',
      description: 'a new status',
      isBreaking: false,
    });

    // Assess
    expect(fixed).toEqual({
      type: 'perf',
      scope: 'services',
      description: 'consumers (checkout, inventory): two writes fewer',
    });
    expect(plain).toEqual({ scope: 'inventory', description: 'keeps (a) and b): c' });
    expect(unscoped).toEqual({ description: 'x): y' });
    expect(breaking).toEqual({
      scope: 'checkout',
      description: 'orders (all): a new status',
      isBreaking: true,
    });
  });
});
