import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { readCachedProjectGraph, workspaceRoot } from '@nx/devkit';
import changelogRendererModule from 'nx/release/changelog-renderer';
import * as prettier from 'prettier';

type RendererClass = typeof changelogRendererModule.default;

// The module is CommonJS with `exports.default`. Node's ESM loader (Nx loading this file) gives
// `module.exports` as the default import; Vite (the tests) gives `exports.default` itself.
const loaded = changelogRendererModule as { default?: RendererClass } | RendererClass;
const defaultRenderer = (): RendererClass => {
  if (typeof loaded === 'function') return loaded;
  if (loaded.default === undefined) {
    throw new Error('nx/release/changelog-renderer has no default export');
  }
  return loaded.default;
};
const DefaultChangelogRenderer = defaultRenderer();

/**
 * Whether a project's changelog file does not exist yet, so this entry starts it. Nx release
 * writes `{projectRoot}/CHANGELOG.md` (nx.json) and keeps its file tree in memory until the
 * end, so the disk shows the file as it was before this release.
 */
export const startsChangelog = (projectRoot: string, root = workspaceRoot): boolean =>
  !existsSync(join(root, projectRoot, 'CHANGELOG.md'));

/**
 * Formats one changelog entry as Prettier formats the repo's Markdown, and ends it the way Nx
 * assembles the file: Nx writes a new file with the entry as is and prepends later entries
 * followed by one blank line, so only the entry that starts the file may end with a newline.
 *
 * @example
 * ```ts
 * await formatChangelogEntry('## 1.0.0\n\n- ⚠️  **x:** y', { startsFile: true }); // '## 1.0.0\n\n- ⚠️ **x:** y\n'
 * ```
 */
export const formatChangelogEntry = async (
  entry: string,
  { startsFile }: { startsFile: boolean },
): Promise<string> => {
  const filepath = join(workspaceRoot, 'CHANGELOG.md');
  const config = (await prettier.resolveConfig(filepath)) ?? {};
  const formatted = (await prettier.format(entry, { ...config, filepath })).trimEnd();
  return startsFile ? `${formatted}\n` : formatted;
};

/**
 * Nx's default changelog renderer, with its output formatted by Prettier. Without this, every
 * released project's CHANGELOG.md fails `prettier --check` (the repo's `format:check`): Nx
 * writes no final newline, and puts two spaces after the ⚠️ of breaking changes.
 */
export class ChangelogRenderer extends DefaultChangelogRenderer {
  public override async render(): Promise<string> {
    const entry = await super.render();
    const project = this.project;
    const root = project === null ? undefined : readCachedProjectGraph().nodes[project]?.data.root;
    return formatChangelogEntry(entry, {
      startsFile: root !== undefined && startsChangelog(root),
    });
  }
}

// Nx loads a changelog renderer through its module's default export (`r.default || r`).
// eslint-disable-next-line no-restricted-syntax
export default ChangelogRenderer;
