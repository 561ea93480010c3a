/** The variables through which an operator tunes glibc's malloc; any of them set leaves all to them. */
const operatorAllocatorVariables = [
  'GLIBC_TUNABLES',
  'MALLOC_ARENA_MAX',
  'MALLOC_MMAP_THRESHOLD_',
  'MALLOC_TRIM_THRESHOLD_',
  'MALLOC_TOP_PAD_',
] as const;

/**
 * glibc malloc settings for the long-running Node processes npm start spawns.
 *
 * By default glibc raises its mmap threshold each time a large block is freed, so later large
 * blocks land in a heap that is only given back from its top, and each thread that allocates
 * gets an arena of its own: an idle serverless offline process kept about 100 MiB of freed
 * native memory. A fixed 128 KiB threshold maps large blocks on their own and unmaps them on
 * free, and two arenas bound the per-thread growth: the idle system takes 1.3–1.4 GiB PSS
 * instead of 1.6–1.7. An operator who sets any malloc variable keeps glibc's behaviour as they set
 * it (`GLIBC_TUNABLES= npm start` for glibc's defaults). Only glibc reads these, so they are set
 * on Linux only.
 */
export const allocatorEnvironment = (
  env: NodeJS.ProcessEnv,
  platform: NodeJS.Platform = process.platform,
): Readonly<Record<string, string>> =>
  platform !== 'linux' || operatorAllocatorVariables.some((name) => env[name] !== undefined)
    ? {}
    : { MALLOC_MMAP_THRESHOLD_: String(128 * 1024), MALLOC_ARENA_MAX: '2' };
