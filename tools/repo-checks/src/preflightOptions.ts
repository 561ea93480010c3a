import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { workspaceRoot } from '@nx/devkit';
import { parse } from 'yaml';

/** The region the preflight checks, and where it came from (said in its report). */
export interface PreflightRegion {
  readonly region: string;
  readonly source: string;
}

/** The usage line, naming the services it can check. */
export const preflightUsage = (services: readonly string[]): string =>
  `Usage: npm run deploy:preflight -- --service <${services.join('|')}> --stage <stage> [--region <region>] [--profile <name>]`;

const fallbackOf = (value: unknown): string | undefined => {
  if (typeof value !== 'string') return undefined;
  // `${opt:region, 'us-east-1'}`: what `sls deploy` uses without `--region`.
  const variable = /^\$\{opt:region,\s*['"]([a-z0-9-]+)['"]\s*\}$/.exec(value.trim());
  if (variable !== null) return variable[1];
  return /^[a-z]{2}(-[a-z]+)+-\d+$/.test(value.trim()) ? value.trim() : undefined;
};

const providerRegionOf = (file: string): unknown => {
  // Silent: the CloudFormation tags (!Ref, !Sub) it does not know are read as plain values.
  const config: unknown = parse(readFileSync(file, 'utf8'), { logLevel: 'silent' });
  if (config === null || typeof config !== 'object') return undefined;
  const provider: unknown = (config as Record<string, unknown>)['provider'];
  if (provider === null || typeof provider !== 'object') return undefined;
  return (provider as Record<string, unknown>)['region'];
};

/**
 * The region `sls deploy` of `service` uses without `--region`: its serverless.yml's
 * `provider.region` when it sets one of its own, else services/serverless.base.yml's
 * (`${opt:region, 'us-east-1'}`).
 *
 * @returns undefined when neither states a literal fallback.
 */
export const serverlessDefaultRegion = (
  service: string,
  root = workspaceRoot,
): PreflightRegion | undefined => {
  const candidates = [
    join('services', service, 'serverless.yml'),
    join('services', 'serverless.base.yml'),
  ];
  for (const file of candidates) {
    let region: string | undefined;
    try {
      region = fallbackOf(providerRegionOf(join(root, file)));
    } catch {
      continue;
    }
    if (region !== undefined) return { region, source: `the deploy's default, ${file}` };
  }
  return undefined;
};

/**
 * The region to check: `--region`, else the one the deploy falls back to (see
 * {@link serverlessDefaultRegion}). Not `AWS_REGION`: `sls deploy` reads `${opt:region, ...}`
 * and ignores it, and the check is only worth something where the deploy will go.
 */
export const preflightRegion = (
  flag: string | undefined,
  deployDefault: PreflightRegion | undefined,
): PreflightRegion | undefined =>
  flag !== undefined && flag.trim() !== '' ? { region: flag, source: '--region' } : deployDefault;
