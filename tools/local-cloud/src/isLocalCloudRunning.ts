import { httpProbe } from './httpProbe.ts';
import { type LocalCloudPorts, defaultLocalCloudPorts } from './localCloudPorts.ts';
import { loopbackHost } from './loopback.ts';

const answers = async (url: string, expectBody?: string): Promise<boolean> => {
  const answer = await httpProbe(url);
  return (
    answer !== undefined &&
    answer.status >= 200 &&
    answer.status < 300 &&
    (expectBody === undefined || answer.body.includes(expectBody))
  );
};

/**
 * Whether a local cloud answers on the given ports (defaults for the missing ones): true only if
 * fauxqs, dynalite and aws-ses-v2-local each answer their health check, within about a second.
 *
 * @example
 * ```ts
 * if (!(await isLocalCloudRunning())) await startLocalCloud();
 * ```
 */
export const isLocalCloudRunning = async (
  ports: Partial<LocalCloudPorts> = {},
): Promise<boolean> => {
  const { fauxqs, dynamodb, ses } = { ...defaultLocalCloudPorts, ...ports };
  const base = (port: number): string => `http://${loopbackHost}:${port}`;
  const results = await Promise.all([
    answers(`${base(fauxqs)}/health`, '"ok"'),
    answers(`${base(dynamodb)}/`, 'healthy: dynamodb'),
    answers(`${base(ses)}/health-check`),
  ]);
  return results.every(Boolean);
};
