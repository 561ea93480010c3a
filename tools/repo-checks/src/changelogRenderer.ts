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

/** What {@link rescopeChange} reads and fixes of a change. */
export interface ScopedChange {
  readonly scope?: string;
  readonly description: string;
  readonly isBreaking?: boolean;
}

/**
 * A change whose subject had `): ` in its description, split where its scope really ends. Nx's
 * conventional-commit pattern takes the scope greedily, up to the subject's last `): `, so
 * `perf(services): fewer writes (inventory, shipping): two less` renders as the scope
 * `services): fewer writes (inventory, shipping`. A scope has no `)`, so the first `): ` ends it.
 *
 * @example
 * ```ts
 * rescopeChange({ scope: 'services): a (b', description: 'c' }); // { scope: 'services', description: 'a (b): c' }
 * ```
 */
export const rescopeChange = <Change extends ScopedChange>(change: Change): Change => {
  const { scope } = change;
  if (scope === undefined) return change;
  // `feat(a)!: x (y): z` reads as the scope `a)!: x (y`, its breaking mark lost with it.
  const end = /\)!?: /.exec(scope);
  if (end === null) return change;
  const breaking = end[0].includes('!');
  return {
    ...change,
    scope: scope.slice(0, end.index),
    description: `${scope.slice(end.index + end[0].length)}): ${change.description}`,
    ...(breaking ? { isBreaking: true } : {}),
  };
};

/**
 * Nx's default changelog renderer, with its output formatted by Prettier and each change's scope
 * split where it ends ({@link rescopeChange}). Without this, every released project's
 * CHANGELOG.md fails `prettier --check` (the repo's `format:check`): Nx writes no final
 * newline, and puts two spaces after the ⚠️ of breaking changes.
 */
export class ChangelogRenderer extends DefaultChangelogRenderer {
  public override async render(): Promise<string> {
    this.changes = this.changes.map(rescopeChange);
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
