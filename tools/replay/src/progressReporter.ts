import { type ReplayProgress, ReplayStatuses } from './runReplay.ts';

/** Where progress goes: standard error, and whether it is a terminal. */
export interface ProgressOutput {
  readonly write: (text: string) => void;
  readonly terminal: boolean;
}

/** Receives each poll's progress; `done` ends the display. */
export interface ProgressReporter {
  readonly onProgress: (progress: ReplayProgress) => void;
  readonly done: () => void;
}

const barWidth = 20;

const seconds = (ms: number): string => `${String(Math.round(ms / 1000))} s`;

const depthText = ({ depth }: ReplayProgress): string =>
  `queue ${String(depth.visible)} waiting, ${String(depth.inFlight)} in flight`;

/**
 * Shows a replay's progress: on a terminal, one line redrawn at each poll (a bar of completed
 * subscriptions, each one's ReplayStatus, the queue's depth, the time); otherwise a plain line
 * each time a subscription's status changes, for logs.
 */
export const progressReporter = (output: ProgressOutput): ProgressReporter => {
  const last = new Map<string, string>();
  let drawn = false;
  return {
    onProgress: (progress) => {
      const { subscriptions } = progress;
      if (output.terminal) {
        const done = subscriptions.filter(
          ({ status }) => status === ReplayStatuses.Completed,
        ).length;
        const filled = Math.round((done / Math.max(subscriptions.length, 1)) * barWidth);
        const statuses = subscriptions
          .map(({ replay, status }) => `${replay.topic.name} ${status}`)
          .join(', ');
        output.write(
          `\r\u001b[K${progress.phase} [${'#'.repeat(filled)}${'-'.repeat(barWidth - filled)}] ${String(done)}/${String(subscriptions.length)} completed · ${statuses} · ${depthText(progress)} · ${seconds(progress.elapsedMs)}`,
        );
        drawn = true;
        return;
      }
      for (const { replay, status } of subscriptions) {
        const key = `${progress.phase} ${replay.subscriptionArn}`;
        if (last.get(key) === status) continue;
        last.set(key, status);
        output.write(
          `${progress.phase} ${replay.topic.name}: ${status} (${depthText(progress)}, ${seconds(progress.elapsedMs)})\n`,
        );
      }
    },
    done: () => {
      if (drawn) output.write('\n');
      drawn = false;
    },
  };
};
