// Stack traces that point at the TypeScript sources, with a bundle's source map read only when a
// trace through it is first formatted. Node's --enable-source-maps reads and parses every
// bundle's map as the bundle loads: a fifth of a function's cold start (npm run bench:bundles),
// paid at every cold start for the rare error. Node has no lazy mode, so this formats as Node's
// own source-map support does (lib/internal/source_map/prepare_stack_trace.js), with its public
// SourceMap class. Imported for its effect only (package.json `sideEffects` names this file).
import { readFileSync } from 'node:fs';
import { SourceMap, type SourceMapPayload, type SourceMapping } from 'node:module';
import { isAbsolute } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

type CallSite = NodeJS.CallSite;

const sourceMaps = new Map<string, SourceMap | undefined>();

// esbuild's linked maps sit beside the bundle as `<bundle>.map`. Sources become absolute file
// URLs, as Node makes them, so frames name the same paths as with --enable-source-maps.
const sourceMapOf = (fileName: string): SourceMap | undefined => {
  if (sourceMaps.has(fileName)) return sourceMaps.get(fileName);
  let sourceMap: SourceMap | undefined;
  try {
    const mapFile = `${fileName}.map`;
    const payload = JSON.parse(readFileSync(mapFile, 'utf8')) as SourceMapPayload;
    // esbuild writes no sourceRoot; a map may. As Node: folded into the sources, then emptied.
    const root = (payload as { readonly sourceRoot?: string }).sourceRoot ?? '';
    const base = pathToFileURL(mapFile);
    sourceMap = new SourceMap({
      ...payload,
      sources: payload.sources.map((source) => new URL(`${root}${source}`, base).href),
      sourceRoot: '',
    });
  } catch {
    // No map, or an unreadable one: its frames stay as V8 prints them, and it is not read again.
    sourceMap = undefined;
  }
  sourceMaps.set(fileName, sourceMap);
  return sourceMap;
};

// What findEntry answers for a mapped position; `name` is there when the map names one.
interface Entry extends SourceMapping {
  readonly name?: string;
}

const entryAt = (
  sourceMap: SourceMap,
  line: number | null,
  column: number | null,
): Entry | undefined => {
  if (line === null || column === null) return undefined;
  const found: object = sourceMap.findEntry(line - 1, column - 1);
  return 'originalSource' in found ? (found as Entry) : undefined;
};

// The name at the enclosing function's start, else at the caller's call (Node's own rule).
const originalName = (
  sourceMap: SourceMap,
  callSite: CallSite,
  caller: CallSite | undefined,
): string | undefined => {
  const nameOf = (entry: Entry | undefined): string | undefined =>
    entry?.name === '' ? undefined : entry?.name;
  const enclosing = nameOf(
    entryAt(sourceMap, callSite.getEnclosingLineNumber(), callSite.getEnclosingColumnNumber()),
  );
  if (enclosing !== undefined || caller === undefined) return enclosing;
  if (callSite.getFileName() !== caller.getFileName()) return undefined;
  return nameOf(entryAt(sourceMap, caller.getLineNumber(), caller.getColumnNumber()));
};

const mappedFrame = (
  sourceMap: SourceMap,
  callSite: CallSite,
  caller: CallSite | undefined,
): string | undefined => {
  const entry = entryAt(sourceMap, callSite.getLineNumber(), callSite.getColumnNumber());
  if (entry === undefined) return undefined;
  const source = entry.originalSource.startsWith('file://')
    ? fileURLToPath(entry.originalSource)
    : entry.originalSource;
  const prefix = callSite.isAsync() ? 'async ' : callSite.isConstructor() ? 'new ' : '';
  const typeName = callSite.getTypeName();
  const typePrefix = typeName !== null && typeName !== 'global' ? `${typeName}.` : '';
  const functionName = callSite.getFunctionName() ?? callSite.getMethodName();
  const name =
    originalName(sourceMap, callSite, caller) ??
    (functionName === null || functionName === '' ? '<anonymous>' : functionName);
  return `${prefix}${typePrefix}${name} (${source}:${String(entry.originalLine + 1)}:${String(entry.originalColumn + 1)})`;
};

const frameText = (callSite: CallSite, caller: CallSite | undefined): string => {
  const name = callSite.getFileName() ?? callSite.getEvalOrigin();
  const fileName = name?.startsWith('file://') ? fileURLToPath(name) : name;
  // Bundles only: no map is looked for beside node: frames or eval code.
  if (fileName !== undefined && isAbsolute(fileName)) {
    const sourceMap = sourceMapOf(fileName);
    if (sourceMap !== undefined) {
      try {
        const mapped = mappedFrame(sourceMap, callSite, caller);
        if (mapped !== undefined) return mapped;
      } catch {
        // as Node: a frame that cannot be mapped is printed as V8 prints it
      }
    }
  }
  // eslint-disable-next-line @typescript-eslint/no-base-to-string -- V8's CallSite prints its frame
  return callSite.toString();
};

// Only where the code runs as a Lambda function (in AWS, or here in serverless offline), and
// Node does not map traces itself. Not in tests, whose runner maps traces its own way.
// eslint-disable-next-line @typescript-eslint/unbound-method -- Node's default uses no `this`
const nodeDefault = Error.prepareStackTrace;
if (!process.sourceMapsEnabled && process.env.AWS_LAMBDA_FUNCTION_NAME !== undefined) {
  Error.prepareStackTrace = (error: Error, trace: CallSite[]): unknown => {
    // Node's own header (`TypeError [ERR_X]: ...` for its errors), without frames.
    const header = String(nodeDefault(error, []));
    return `${header}${trace.map((callSite, i) => `\n    at ${frameText(callSite, trace[i + 1])}`).join('')}`;
  };
}
