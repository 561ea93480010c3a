import type { ReplayPlan } from './planReplay.ts';
import type { ReplayResult } from './runReplay.ts';

const iso = (time: number): string => new Date(time).toISOString();

const table = (rows: readonly (readonly string[])[]): string[] => {
  const widths = rows[0]?.map((_, column) =>
    Math.max(...rows.map((row) => (row[column] ?? '').length)),
  );
  return rows.map((row) =>
    row
      .map((cell, column) => cell.padEnd(widths?.[column] ?? 0))
      .join('  ')
      .trimEnd(),
  );
};

const windowText = (plan: ReplayPlan): string[] =>
  table([
    ['TOPIC', 'FROM', 'TO', 'ARCHIVE BEGINS', 'RETENTION'],
    ...plan.replays.map((replay) => [
      replay.topic.name,
      iso(replay.startingPoint),
      replay.endingPoint === undefined ? 'now, then new messages' : iso(replay.endingPoint),
      iso(replay.beginningArchiveTime),
      `${String(replay.retentionDays)} d`,
    ]),
  ]);

/** What `--dry-run` prints: the checked window and the calls a replay would make. */
export const formatDryRun = (plan: ReplayPlan, where: string): string =>
  [
    `Would replay ${plan.queue.name} in ${where} (nothing was changed):`,
    '',
    ...windowText(plan),
    '',
    'It would set, on each subscription:',
    ...plan.replays.map(
      (replay) =>
        `  aws sns set-subscription-attributes --subscription-arn ${replay.subscriptionArn} --attribute-name ReplayPolicy --attribute-value '${replay.policy}'`,
    ),
    ...(plan.replays.some(({ endingPoint }) => endingPoint !== undefined)
      ? [
          '  and, once those complete (SNS pauses a subscription after a replay with an end), resume each from a minute before the run with a ReplayPolicy without EndingPoint.',
        ]
      : []),
    'then follow each one with: aws sns get-subscription-attributes --subscription-arn <arn> (ReplayStatus).',
  ].join('\n');

/** The report of a finished replay. */
export const formatReplayResult = (result: ReplayResult, where: string): string => {
  const { plan } = result;
  const lines = [
    `${result.completed ? 'Replayed' : 'Replay did not complete for'} ${plan.queue.name} (${plan.queue.consumer}) in ${where}, in ${String(Math.round((result.finishedAt - result.startedAt) / 1000))} s:`,
    '',
    ...windowText(plan),
    '',
    ...table([
      ['SUBSCRIPTION', 'REPLAY STATUS'],
      ...result.subscriptions.map(({ replay, status }) => [replay.subscriptionArn, status]),
    ]),
  ];
  if (result.resumedWith !== undefined) {
    lines.push(
      '',
      `SNS pauses a subscription after a replay with an EndingPoint; each was resumed with ReplayPolicy ${result.resumedWith}, so it also got what was published meanwhile (some messages twice) and gets new messages again.`,
    );
  } else if (plan.replays.some(({ endingPoint }) => endingPoint !== undefined)) {
    lines.push(
      '',
      'SNS pauses a subscription after a replay with an EndingPoint: these get no new messages until a ReplayPolicy without EndingPoint is set (run again without --no-resume, or without --to).',
    );
  }
  lines.push(
    '',
    `Replayed messages carry the Replayed attribute and their original MessageId. The queue now holds ${String(result.depth.visible)} waiting and ${String(result.depth.inFlight)} in flight.`,
  );
  return lines.join('\n');
};

/** The result as JSON, times in ISO-8601. */
export const replayResultJson = (result: ReplayResult): unknown => ({
  queue: result.plan.queue.name,
  consumer: result.plan.queue.consumer,
  completed: result.completed,
  startedAt: iso(result.startedAt),
  finishedAt: iso(result.finishedAt),
  subscriptions: result.subscriptions.map(({ replay, status }) => ({
    topic: replay.topic.name,
    topicArn: replay.topicArn,
    subscriptionArn: replay.subscriptionArn,
    replayPolicy: replay.policy,
    beginningArchiveTime: iso(replay.beginningArchiveTime),
    retentionDays: replay.retentionDays,
    status,
  })),
  resumedWith: result.resumedWith ?? null,
  queueDepth: result.depth,
});
