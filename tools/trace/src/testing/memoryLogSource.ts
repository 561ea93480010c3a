import type {
  InvocationReport,
  LogFindings,
  LogRecord,
  LogSource,
  RequestLine,
} from '../logRecord.ts';

/** A function line for a test: `fields` with a `timestamp`, in `service`. */
export const record = (service: string, fields: Record<string, unknown>): LogRecord => ({
  service,
  time: new Date(typeof fields['timestamp'] === 'string' ? fields['timestamp'] : 0),
  fields,
});

/** The function lines of log files as `npm start` keeps them, offline's own lines left out. */
export const recordsOfLog = (files: Readonly<Record<string, readonly string[]>>): LogRecord[] =>
  Object.entries(files).flatMap(([service, lines]) =>
    lines.flatMap((line) => {
      const fields = JSON.parse(line) as Record<string, unknown>;
      return 'capturedAt' in fields ? [] : [record(service, fields)];
    }),
  );

/** A log source over records in memory; `find` matches ids in the line's JSON, as the files do. */
export const memoryLogSource = (
  records: readonly LogRecord[],
  offline: { invocations?: InvocationReport[]; requests?: RequestLine[] } = {},
): LogSource & { readonly searches: string[][] } => {
  const searches: string[][] = [];
  return {
    description: 'memory',
    searches,
    find: (ids): Promise<LogFindings> => {
      searches.push([...ids]);
      return Promise.resolve({
        records: records.filter((each) => {
          const text = JSON.stringify(each.fields);
          return ids.some((id) => text.includes(id));
        }),
        invocations: offline.invocations ?? [],
        requests: offline.requests ?? [],
      });
    },
  };
};
