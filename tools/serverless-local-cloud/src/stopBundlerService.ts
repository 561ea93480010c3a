import { createRequire } from 'node:module';
import { join } from 'node:path';

interface EsbuildApi {
  readonly stop?: () => Promise<void> | void;
}

/**
 * Stops the esbuild service process that serverless-esbuild leaves running after it built a
 * service's functions. That Go process keeps the heap of its builds (0.2-0.4 GiB for a service)
 * for rebuilds that come only when a file changes, and Go hands little of it back while idle; a
 * soft Go memory limit instead made each build several times slower. esbuild starts a new
 * process at the next build, so a rebuild on change still works.
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
