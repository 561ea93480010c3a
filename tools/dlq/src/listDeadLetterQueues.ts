import type { DlqConnection } from './connectToStage.ts';
import { type DeadLetterQueue, deadLetterQueues } from './deadLetterQueues.ts';
import { QueueNotFoundError } from './errors.ts';
import { readQueue } from './readQueue.ts';

/** One DLQ of `list`: its depth, or `undefined` when the queue is not there (not deployed). */
export interface DeadLetterQueueDepth {
  readonly queue: DeadLetterQueue;
  readonly state?: {
    readonly visible: number;
    readonly inFlight: number;
    readonly depth: number;
  };
}

/**
 * Reads the depth (visible + in flight) of every DLQ of the connection's stage. A DLQ that does
 * not exist is reported as missing, not as an error, so one undeployed service does not hide
 * the others.
 *
 * @example
 * ```ts
 * const rows = await listDeadLetterQueues(connection);
 * console.log(formatDeadLetterQueueList(connection, rows));
 * ```
 */
export const listDeadLetterQueues = async (
  connection: DlqConnection,
): Promise<readonly DeadLetterQueueDepth[]> =>
  Promise.all(
    deadLetterQueues(connection.stage).map(async (queue): Promise<DeadLetterQueueDepth> => {
      try {
        const { visible, inFlight, depth } = await readQueue(connection, queue.name);
        return { queue, state: { visible, inFlight, depth } };
      } catch (error) {
        if (error instanceof QueueNotFoundError) return { queue };
        throw error;
      }
    }),
  );

const table = (rows: readonly (readonly string[])[]): string => {
  const widths = rows[0]?.map((_, column) =>
    Math.max(...rows.map((row) => (row[column] ?? '').length)),
  );
  return rows
    .map((row) =>
      row
        .map((cell, column) =>
          column === 0 || column === 1
            ? cell.padEnd(widths?.[column] ?? 0)
            : cell.padStart(widths?.[column] ?? 0),
        )
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
};

/** Renders `list` as a table, with a total line that says whether anything needs attention. */
export const formatDeadLetterQueueList = (
  connection: Pick<DlqConnection, 'stage' | 'where'>,
  rows: readonly DeadLetterQueueDepth[],
): string => {
  const total = rows.reduce((sum, row) => sum + (row.state?.depth ?? 0), 0);
  const missing = rows.filter((row) => row.state === undefined).length;
  const lines = [
    ['DLQ', 'CONSUMER', 'DEPTH', 'VISIBLE', 'IN FLIGHT'],
    ...rows.map((row) =>
      row.state === undefined
        ? [row.queue.name, row.queue.consumer, 'missing', '-', '-']
        : [
            row.queue.name,
            row.queue.consumer,
            String(row.state.depth),
            String(row.state.visible),
            String(row.state.inFlight),
          ],
    ),
  ];
  const summary =
    total > 0
      ? `${total} message${total === 1 ? '' : 's'} in DLQs: "npm run dlq -- peek <dlq> --stage ${connection.stage}" shows them.`
      : missing === rows.length
        ? `No DLQ of the topology exists here: no service is ${connection.stage === 'local' ? 'running (a local cloud without npm start)' : 'deployed to this stage'}.`
        : missing === 0
          ? 'All DLQs are empty.'
          : 'The DLQs that exist are empty.';
  const missingNote =
    missing === 0 ? [] : [`${missing} DLQ(s) missing: their services are not deployed here.`];
  return [`DLQs of ${connection.where}`, '', table(lines), '', summary, ...missingNote].join('\n');
};
