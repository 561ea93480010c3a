import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Node's on-disk compile cache for the processes npm start spawns.
 *
 * Each serverless offline process compiles about 1,500 modules of the framework and its plugins
 * at every start, and six of them start at once on as few cores as a laptop has. With V8's code
 * cache on disk, a start after the first compiles little: the six took about 4 s less CPU, and
 * the system was ready 1–4 s sooner, on two cores. Node keys each entry by the module's path
 * and checks its content, so a changed file is compiled again, never run stale. The folder is
 * Node's own default for `module.enableCompileCache()`, which npm already fills. An operator's own
 * `NODE_COMPILE_CACHE`, or `NODE_DISABLE_COMPILE_CACHE`, is left as set.
 *
 * @example
 * ```ts
 * spawn('sls', ['offline', 'start'], {
 *   env: { ...process.env, ...compileCacheEnvironment(process.env) },
 * });
 * ```
 */
export const compileCacheEnvironment = (
  env: NodeJS.ProcessEnv,
  tempDir: string = tmpdir(),
): Readonly<Record<string, string>> =>
  env.NODE_COMPILE_CACHE !== undefined || env.NODE_DISABLE_COMPILE_CACHE !== undefined
    ? {}
    : { NODE_COMPILE_CACHE: join(tempDir, 'node-compile-cache') };
