import { execFile, spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readdir, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { promisify } from 'node:util';

/** A copy of the repository's working tree in a temporary directory. */
export interface ScratchRepo {
  readonly root: string;
  /** Runs a Node script of the copy (`node_modules/<bin>` or a repo file) in `cwd`. */
  readonly run: (
    script: string,
    args: readonly string[],
    options?: { readonly cwd?: string; readonly env?: Readonly<Record<string, string>> },
  ) => Promise<string>;
  readonly remove: () => Promise<void>;
}

const childEnv = {
  NX_DAEMON: 'false',
  NX_NO_CLOUD: 'true',
  NX_TUI: 'false',
  SLS_TELEMETRY_DISABLED: '1',
};

// This process's environment without Vitest's own variables, which would confuse a Vitest or
// Nx run in the copy.
const ownEnv = (): Record<string, string | undefined> =>
  Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('VITEST')));

const workspacePackages = (root: string): { name: string; dir: string }[] => {
  const { workspaces } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
    workspaces: string[];
  };
  return workspaces.flatMap((pattern) => {
    const parent = join(root, pattern.replace(/\/\*$/, ''));
    if (!existsSync(parent)) return [];
    return readdirSync(parent)
      .sort()
      .flatMap((name) => {
        const file = join(parent, name, 'package.json');
        if (!existsSync(file)) return [];
        const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name: string };
        return [{ name: pkg.name, dir: join(parent, name) }];
      });
  });
};

/**
 * Copies the repository's working tree (tracked and untracked files git does not ignore: no
 * node_modules, build folders or local state) into a temporary directory, and gives it a
 * `node_modules` of symlinks to the real one's packages, except the workspace packages
 * (`@conveyor/*`), which point into the copy. So the copy's code, topology.json included, is what
 * runs, without copying or installing any dependency.
 */
export const copyRepo = async (repoRoot: string): Promise<ScratchRepo> => {
  const root = await mkdtemp(join(tmpdir(), 'conveyor-scratch-'));
  const { stdout } = await promisify(execFile)(
    'git',
    ['ls-files', '--cached', '--others', '--exclude-standard', '-z'],
    { cwd: repoRoot, maxBuffer: 64 * 1024 * 1024 },
  );
  const files = stdout
    .split('\0')
    .filter((file) => file !== '' && existsSync(join(repoRoot, file)));
  for (const file of files) {
    await mkdir(dirname(join(root, file)), { recursive: true });
    await copyFile(join(repoRoot, file), join(root, file));
  }
  const modules = join(root, 'node_modules');
  await mkdir(join(modules, '@conveyor'), { recursive: true });
  for (const entry of await readdir(join(repoRoot, 'node_modules'))) {
    if (entry === '@conveyor') continue;
    await symlink(join(repoRoot, 'node_modules', entry), join(modules, entry));
  }
  for (const { name, dir } of workspacePackages(root)) {
    const link = join(modules, name);
    await symlink(relative(dirname(link), dir), link);
  }
  const run: ScratchRepo['run'] = (script, args, options = {}) =>
    new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [join(root, script), ...args], {
        cwd: options.cwd ?? root,
        env: { ...ownEnv(), ...childEnv, ...options.env },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.on('error', reject);
      child.on('close', (code) => {
        if (code === 0) resolve(output);
        else
          reject(new Error(`${script} ${args.join(' ')} exited with ${String(code)}:\n${output}`));
      });
    });
  return { root, run, remove: () => rm(root, { recursive: true, force: true }) };
};
