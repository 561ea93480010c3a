// npm 12 skips the install scripts of every dependency that package.json's `allowScripts` does not
// name, and says so only in a list at the end of the install. Some of them matter here (`node`'s
// preinstall puts the pinned Node in place, which every npm script runs on), so an entry that is
// missing or names a package the lockfile no longer has must fail a test, not an install later.

/** The part of `package-lock.json` (lockfile version 2 or 3) the check reads. */
export interface LockfileView {
  readonly packages?: Readonly<
    Record<string, { readonly version?: string; readonly hasInstallScript?: boolean }>
  >;
}

/** One package with install scripts, as the lockfile records it. */
export interface ScriptedPackage {
  readonly name: string;
  readonly version: string;
}

/** What {@link checkInstallScripts} found wrong. */
export interface InstallScriptProblems {
  /** Dependencies with install scripts that no `allowScripts` entry names. */
  readonly unreviewed: readonly ScriptedPackage[];
  /** `allowScripts` keys that match no dependency with install scripts in the lockfile. */
  readonly stale: readonly string[];
  /** `allowScripts` keys with a version part this check cannot compare (a range, a tag). */
  readonly unreadable: readonly string[];
}

const installedName = (path: string): string | undefined => {
  const at = path.lastIndexOf('node_modules/');
  return at === -1 ? undefined : path.slice(at + 'node_modules/'.length);
};

/**
 * The dependencies whose install scripts npm would run, from the lockfile. Workspaces (paths
 * outside `node_modules`) are the project's own code and are left out, as npm leaves them out.
 *
 * @example
 * ```ts
 * scriptedPackages({ packages: { 'node_modules/esbuild': { version: '0.28.2', hasInstallScript: true } } });
 * // [{ name: 'esbuild', version: '0.28.2' }]
 * ```
 */
export const scriptedPackages = (lock: LockfileView): ScriptedPackage[] =>
  Object.entries(lock.packages ?? {}).flatMap(([path, entry]) => {
    const name = installedName(path);
    return name === undefined || entry.hasInstallScript !== true
      ? []
      : [{ name, version: entry.version ?? '' }];
  });

// npm writes a key as a name (every version), `name@1.2.3`, or `name@1.2.3 || 1.2.4`; a scoped
// name starts with `@`. Ranges and tags are not compared here: `versions` is then undefined and
// the key is reported, as guessing could call a package covered that npm would skip.
const exactVersion = /^\d+\.\d+\.\d+(?:[-+][0-9A-Za-z.+-]+)?$/;

interface AllowKey {
  readonly key: string;
  readonly name: string;
  /** Empty for a name-only key; undefined when the version part is not a list of versions. */
  readonly versions: readonly string[] | undefined;
}

const readKey = (key: string): AllowKey => {
  const at = key.indexOf('@', 1);
  if (at === -1) return { key, name: key, versions: [] };
  const versions = key
    .slice(at + 1)
    .split('||')
    .map((version) => version.trim());
  return {
    key,
    name: key.slice(0, at),
    versions: versions.every((version) => exactVersion.test(version)) ? versions : undefined,
  };
};

const covers = ({ name, versions }: AllowKey, pkg: ScriptedPackage): boolean =>
  name === pkg.name &&
  versions !== undefined &&
  (versions.length === 0 || versions.includes(pkg.version));

/**
 * Compares `allowScripts` (approved `true` or denied `false`, both a decision) with the lockfile.
 *
 * @example
 * ```ts
 * const problems = checkInstallScripts(lock, { node: true, 'es5-ext': false });
 * const message = formatInstallScriptProblems(problems);
 * if (message !== '') {
 *   console.error(message);
 * }
 * ```
 */
export const checkInstallScripts = (
  lock: LockfileView,
  allowScripts: Readonly<Record<string, boolean>>,
): InstallScriptProblems => {
  // A package installed at one version in several places is one decision.
  const packages = [
    ...new Map(scriptedPackages(lock).map((pkg) => [`${pkg.name}@${pkg.version}`, pkg])).values(),
  ];
  const keys = Object.keys(allowScripts).map(readKey);
  const unreviewed = packages.filter((pkg) => !keys.some((key) => covers(key, pkg)));
  const unreadable = keys.filter(({ versions }) => versions === undefined).map(({ key }) => key);
  const stale = keys
    .filter((key) => key.versions !== undefined && !packages.some((pkg) => covers(key, pkg)))
    .map(({ key }) => key);
  return { unreviewed, stale, unreadable };
};

/**
 * A message naming each problem and how to settle it; empty when there is none.
 *
 * @example
 * ```ts
 * formatInstallScriptProblems({
 *   unreviewed: [{ name: 'esbuild', version: '0.28.2' }],
 *   stale: [],
 *   unreadable: [],
 * });
 * // 'esbuild@0.28.2 has install scripts that allowScripts does not name: ...'
 * ```
 */
export const formatInstallScriptProblems = ({
  unreviewed,
  stale,
  unreadable,
}: InstallScriptProblems): string =>
  [
    ...unreviewed.map(
      ({ name, version }) =>
        `${name}@${version} has install scripts that allowScripts does not name: read them, then run \`npm install-scripts approve ${name}\` (or \`deny\`) and commit package.json`,
    ),
    ...stale.map(
      (key) =>
        `allowScripts names "${key}", which no package with install scripts in package-lock.json matches: remove it (\`npm install-scripts prune\`)`,
    ),
    ...unreadable.map(
      (key) =>
        `allowScripts key "${key}" has a version part this check cannot compare: write a name, name@version or name@version || version`,
    ),
  ].join('\n');
