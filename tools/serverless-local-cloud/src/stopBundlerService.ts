import { createRequire } from 'node:module';
import { join } from 'node:path';

interface EsbuildApi {
  readonly stop?: () => Promise<void> | void;
}

/** What this module relies on in serverless-esbuild's plugin instance. */
interface BundlingPlugin {
  bundle: () => Promise<unknown>;
}

const isBundlingPlugin = (plugin: object): plugin is BundlingPlugin =>
  plugin.constructor.name === 'EsbuildServerlessPlugin' &&
  typeof (plugin as Partial<BundlingPlugin>).bundle === 'function';

/**
 * Stops the esbuild service process that serverless-esbuild's esbuild runs builds in. That Go
 * process keeps the heap of its builds (0.2-0.4 GiB for a service) for rebuilds that come only
 * when a file changes, and Go hands little of it back while idle; a soft Go memory limit instead
 * made each build several times slower. esbuild starts a new process at the next build.
 *
 * Resolves esbuild from serverless-esbuild's own place, so it is the same module instance whose
 * process is stopped. Does nothing for a service without serverless-esbuild.
 *
 * @returns whether a serverless-esbuild (and its esbuild) was found
 * @example
 * ```ts
 * await stopBundlerService(serverless.serviceDir);
 * ```
 */
export const stopBundlerService = async (serviceDir: string): Promise<boolean> => {
  const fromService = createRequire(join(serviceDir, 'package.json'));
  let esbuildPath: string;
  try {
    esbuildPath = createRequire(fromService.resolve('serverless-esbuild')).resolve('esbuild');
  } catch {
    return false;
  }
  const esbuild = fromService(esbuildPath) as EsbuildApi;
  await esbuild.stop?.();
  return true;
};

/**
 * Stops esbuild's process once, the first time serverless-esbuild has no bundle running: when
 * the build `sls offline start` begins with is done. Counting the bundles in flight matters: a
 * file changed during that build starts another bundle, which stopping the process as soon as
 * the first ended would fail ("Bundle error").
 *
 * Not after the rebuilds its file watch starts: stopping then was seen to fail rebuilds that
 * overlap ("The service was stopped"), leaving stale code running, so a service edited under
 * `npm start` keeps its esbuild process, as before, until it restarts.
 *
 * serverless-esbuild offers no hook for this; its `bundle` is an instance property (bound in its
 * constructor) that its hooks and its watch both call, so wrapping it sees every bundle.
 *
 * @returns whether serverless-esbuild's plugin was found among `plugins`
 * @example
 * ```ts
 * stopBundlerAfterFirstBuild(serverless.pluginManager.plugins, serverless.serviceDir, log.warning);
 * ```
 */
export const stopBundlerAfterFirstBuild = (
  plugins: readonly object[],
  serviceDir: string,
  onStopFailed: (message: string) => void,
): boolean => {
  const plugin = plugins.find(isBundlingPlugin);
  if (plugin === undefined) return false;
  const bundle = plugin.bundle;
  let running = 0;
  plugin.bundle = async () => {
    running += 1;
    try {
      return await bundle();
    } finally {
      running -= 1;
      if (running === 0) {
        // Later bundles (rebuilds) go straight to serverless-esbuild again.
        plugin.bundle = bundle;
        await stopBundlerService(serviceDir).catch((error: unknown) => {
          // Only memory is at stake: the next build works either way.
          onStopFailed(`could not stop esbuild's process: ${String(error)}`);
        });
      }
    }
  };
  return true;
};
