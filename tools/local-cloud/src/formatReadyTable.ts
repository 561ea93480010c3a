import type { LocalService } from './discoverServices.ts';
import type { LocalCloudEndpoints } from './localCloudEndpointsFor.ts';

const table = (rows: readonly (readonly string[])[]): string[] => {
  const widths: number[] = [];
  for (const row of rows) {
    row.forEach((cell, index) => {
      widths[index] = Math.max(widths[index] ?? 0, cell.length);
    });
  }
  return rows.map((row) =>
    row
      .map((cell, index) => (index === row.length - 1 ? cell : cell.padEnd(widths[index] ?? 0)))
      .join('   ')
      .trimEnd(),
  );
};

/** What `npm start` prints once everything is up: one row per service, then the local cloud. */
export const formatReadyTable = (
  services: readonly LocalService[],
  endpoints: LocalCloudEndpoints,
): string => {
  const rows: string[][] = [];
  if (services.length > 0) {
    rows.push(['service', 'http', 'lambda port']);
    for (const service of services) {
      rows.push([service.name, `http://127.0.0.1:${service.httpPort}`, String(service.lambdaPort)]);
    }
    rows.push(['', '', '']);
  }
  rows.push(['mail inbox', endpoints.inbox, '']);
  rows.push(['sqs/sns/s3', endpoints.sqs, '']);
  rows.push(['dynamodb', endpoints.dynamodb, '']);
  rows.push(['ses v2', endpoints.sesv2, '']);
  const intro =
    services.length === 0
      ? 'No services yet (none under services/ has an offline target): running the local cloud only.'
      : `${services.length} service${services.length === 1 ? '' : 's'} ready.`;
  return [
    intro,
    '',
    ...table(rows).map((line) => (line === '' ? '' : `  ${line}`)),
    '',
    'Ctrl-C stops everything.',
  ].join('\n');
};
