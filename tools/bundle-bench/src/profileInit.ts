import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { SourceMap, type SourceMapPayload } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type InitTarget, startCold } from './measureInit.ts';

/** Milliseconds of a cold start spent in one place (a package, or a part of Node's loading). */
export interface TimeShare {
  readonly name: string;
  readonly ms: number;
}

/** A node of a V8 CPU profile: one frame of a call tree. */
export interface ProfileNode {
  readonly id: number;
  readonly callFrame: {
    readonly functionName: string;
    readonly url: string;
    readonly lineNumber: number;
    readonly columnNumber: number;
  };
  readonly children?: readonly number[];
}

/** A V8 CPU profile (`--cpu-prof`): the parts read here. */
export interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

const SAMPLING_INTERVAL_US = 100;

/** The package an original source of the bundle belongs to, from its path in the source map. */
const packageOfSource = (source: string, fallback: string): string => {
  const marker = source.lastIndexOf('node_modules/');
  if (marker !== -1) {
    const [first = '', second = ''] = source.slice(marker + 'node_modules/'.length).split('/');
    return first.startsWith('@') ? `${first}/${second}` : first;
  }
  const project = /(?:^|\/)((?:libs|services|tools)\/[^/]+)\//.exec(source);
  return project?.[1] ?? fallback;
};

/**
 * What a bundle frame the source map does not cover is: esbuild's own helpers, which wrap each
 * bundled module and run it at its first import. V8 compiles a function when it first runs, and
 * the profile puts that time on the caller, so their samples are mostly the modules' compilation
 * (profiled with `--no-lazy`, which compiles everything up front, they all but vanish).
 */
export const MODULE_WRAPPERS = "esbuild's module wrappers (modules compiled as they first run)";

/**
 * Where one profile's cold start spends its time: samples between the first and the last one
 * inside the probe's `require`, each put on the innermost frame of the bundle on its stack (its
 * package, through the bundle's source map; {@link MODULE_WRAPPERS} where the map has nothing;
 * `fallback` for all of them without a map), or, with no bundle frame, on what Node was doing:
 * compiling the bundle, reading its source map, collecting garbage, the rest of the loader.
 *
 * @example
 * attributeInitProfile(profile, new Set([bundleUrl]), probeUrl, sourceMap, 'services/checkout');
 * // Map { 'zod' => 4.2, "esbuild's module wrappers (…)" => 11.6, … }
 */
export const attributeInitProfile = (
  profile: CpuProfile,
  bundleUrls: ReadonlySet<string>,
  probeUrl: string,
  sourceMap: SourceMap | undefined,
  fallback: string,
): Map<string, number> => {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parents = new Map<number, number>();
  for (const node of profile.nodes) {
    for (const child of node.children ?? []) parents.set(child, node.id);
  }
  const stackOf = (id: number): ProfileNode[] => {
    const stack: ProfileNode[] = [];
    for (
      let current: number | undefined = id;
      current !== undefined;
      current = parents.get(current)
    ) {
      const node = byId.get(current);
      if (node !== undefined) stack.push(node);
    }
    return stack; // leaf first
  };
  const stacks = profile.samples.map(stackOf);
  const inProbe = stacks.map((stack) => stack.some((node) => node.callFrame.url === probeUrl));
  const first = inProbe.indexOf(true);
  const last = inProbe.lastIndexOf(true);
  const shares = new Map<string, number>();
  if (first === -1) return shares;
  for (let index = first; index <= last; index += 1) {
    const stack = stacks[index] ?? [];
    const weightUs = profile.timeDeltas[index + 1] ?? SAMPLING_INTERVAL_US;
    const bundleFrameAt = stack.findIndex((node) => bundleUrls.has(node.callFrame.url));
    const bundleFrame = stack[bundleFrameAt];
    let name: string;
    if (bundleFrame !== undefined) {
      const caller = stack[bundleFrameAt + 1];
      if (caller === undefined || !bundleUrls.has(caller.callFrame.url)) {
        // The module wrapper itself: the bundled modules' top-level statements.
        name = 'top-level code of the bundle';
      } else {
        const entry = sourceMap?.findEntry(
          bundleFrame.callFrame.lineNumber,
          bundleFrame.callFrame.columnNumber,
        );
        const source =
          entry !== undefined && 'originalSource' in entry ? entry.originalSource : undefined;
        if (sourceMap === undefined) name = fallback;
        else name = source === undefined ? MODULE_WRAPPERS : packageOfSource(source, fallback);
      }
    } else {
      const leaf = stack[0]?.callFrame;
      const urls = stack.map((node) => node.callFrame.url);
      const functions = stack.map((node) => node.callFrame.functionName);
      if (leaf?.functionName === '(garbage collector)') name = 'garbage collection';
      else if (urls.some((url) => url.includes('source_map'))) name = 'node: source map';
      else if (functions.includes('wrapSafe') || functions.includes('compileFunction')) {
        name = 'node: compiling the bundle';
      } else if (leaf?.functionName === '(program)') name = 'V8 (program)';
      else name = 'node: module loader';
    }
    shares.set(name, (shares.get(name) ?? 0) + weightUs / 1000);
  }
  return shares;
};

/**
 * Profiles `runs` cold starts of a target (`--cpu-prof`, one fresh process each) and says where
 * the time goes on average, largest first. Profiling slows a process down: the shares explain
 * the timed runs, their sum is not one.
 */
export const profileInit = async (
  target: InitTarget,
  runs: number,
  profilesDir: string,
  repoRoot: string,
  /** What the bundle's own code is called where its source map does not say: `services/shipping`. */
  ownCode: string,
): Promise<TimeShare[]> => {
  const dir = join(profilesDir, target.id);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  for (let run = 0; run < runs; run += 1) {
    await startCold(target, [
      '--cpu-prof',
      '--cpu-prof-dir',
      dir,
      `--cpu-prof-interval=${SAMPLING_INTERVAL_US}`,
    ]);
  }
  let sourceMap: SourceMap | undefined;
  try {
    sourceMap = new SourceMap(
      JSON.parse(readFileSync(`${target.bundlePath}.map`, 'utf8')) as SourceMapPayload,
    );
  } catch {
    sourceMap = undefined;
  }
  const bundleUrls = new Set([target.bundlePath, pathToFileURL(target.bundlePath).href]);
  const probeUrl = pathToFileURL(join(repoRoot, 'tools/bundle-bench/src/initProbe.ts')).href;
  const total = new Map<string, number>();
  const files = readdirSync(dir).filter((file) => file.endsWith('.cpuprofile'));
  for (const file of files) {
    const profile = JSON.parse(readFileSync(join(dir, file), 'utf8')) as CpuProfile;
    for (const [name, ms] of attributeInitProfile(
      profile,
      bundleUrls,
      probeUrl,
      sourceMap,
      ownCode,
    )) {
      total.set(name, (total.get(name) ?? 0) + ms);
    }
  }
  return [...total]
    .map(([name, ms]) => ({ name, ms: ms / Math.max(files.length, 1) }))
    .sort((a, b) => b.ms - a.ms);
};
