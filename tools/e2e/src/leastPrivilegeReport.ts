import type {
  DecisionRecord,
  LocalCloudIam,
  PolicyStatement,
  RegisteredFunctionView,
} from '@conveyor/local-cloud';

/** One grant of a role: an action (or action pattern) on a resource (or resource pattern). */
export interface Grant {
  readonly action: string;
  readonly resource: string;
}

/** What one function's role grants that the function never did during a run. */
export interface FunctionReport {
  /** `fn.<service>.<stage>.<function>`. */
  readonly accessKeyId: string;
  readonly service: string;
  readonly functionKey: string;
  /** Grants on the APIs the local cloud checks (SQS, SNS, S3, DynamoDB, SES). */
  readonly granted: number;
  readonly unused: readonly Grant[];
  /**
   * Grants the local cloud never sees used, whatever the run: other APIs, such as the `logs:`
   * actions Lambda itself uses with the role to write the function's logs.
   */
  readonly unobservable: readonly Grant[];
  /** Calls the local cloud refused it (none in a run that passed). */
  readonly denied: readonly Grant[];
}

/** The API prefixes the local cloud checks calls of. */
const observedApis = ['sqs:', 'sns:', 's3:', 'dynamodb:', 'ses:'] as const;

const observable = (grant: Grant): boolean =>
  observedApis.some((api) => grant.action.toLowerCase().startsWith(api));

const asList = (value: unknown): string[] =>
  (Array.isArray(value) ? value : [value]).filter(
    (each): each is string => typeof each === 'string',
  );

/** IAM's wildcards: `*` any run of characters, `?` one; case-insensitive for actions. */
const matcher = (pattern: string, ignoreCase: boolean): RegExp =>
  new RegExp(
    `^${pattern
      .split('')
      .map((char) =>
        char === '*' ? '.*' : char === '?' ? '.' : char.replace(/[.+^${}()|[\]\\]/g, '\\$&'),
      )
      .join('')}$`,
    ignoreCase ? 'i' : '',
  );

/** Every (action, resource) pair a role's Allow statements name. NotAction/NotResource count as `*`. */
export const grantsOf = (statements: readonly PolicyStatement[]): Grant[] =>
  statements
    .filter((statement) => statement['Effect'] === 'Allow')
    .flatMap((statement) => {
      const actions = statement['Action'] === undefined ? ['*'] : asList(statement['Action']);
      const resources = statement['Resource'] === undefined ? ['*'] : asList(statement['Resource']);
      return actions.flatMap((action) => resources.map((resource) => ({ action, resource })));
    })
    .filter(
      (grant, index, all) =>
        all.findIndex(
          (each) => each.action === grant.action && each.resource === grant.resource,
        ) === index,
    );

const used = (grant: Grant, allowed: readonly DecisionRecord[]): boolean => {
  const action = matcher(grant.action, true);
  const resource = matcher(grant.resource, false);
  return allowed.some((record) => action.test(record.action) && resource.test(record.resource));
};

/**
 * Per function, the grants of its role that no allowed call matched during a run: what a team
 * can take out of the role, once it has checked that no path the run did not take (a retry, a
 * permanent failure) needs them. A grant is used when some call allowed to the function had a
 * matching action and resource (IAM wildcards honoured).
 */
export const leastPrivilegeReport = (
  functions: readonly RegisteredFunctionView[],
  decisions: readonly DecisionRecord[],
): FunctionReport[] =>
  functions.map((fn) => {
    const mine = decisions.filter((record) => record.accessKeyId === fn.accessKeyId);
    const allowed = mine.filter((record) => record.decision === 'Allowed');
    const all = grantsOf(fn.declaredStatements);
    const grants = all.filter(observable);
    return {
      accessKeyId: fn.accessKeyId,
      service: fn.service,
      functionKey: fn.functionKey,
      granted: grants.length,
      unused: grants.filter((grant) => !used(grant, allowed)),
      unobservable: all.filter((grant) => !observable(grant)),
      denied: mine
        .filter((record) => record.decision !== 'Allowed')
        .map(({ action, resource }) => ({ action, resource })),
    };
  });

/** The report as text, one block per function, for a terminal. */
export const formatLeastPrivilegeReport = (reports: readonly FunctionReport[]): string => {
  const lines = [
    'Granted but never used in this run (candidates to remove from each role, unless a path the run did not take needs them):',
  ];
  for (const report of reports) {
    const unseen =
      report.unobservable.length === 0
        ? ''
        : ` (and ${report.unobservable.length} on APIs the local cloud does not see: ${[...new Set(report.unobservable.map((grant) => grant.action))].join(', ')})`;
    const head = `${report.service} ${report.functionKey}: ${report.unused.length} of ${report.granted} grant(s) unused${unseen}`;
    lines.push(
      report.denied.length === 0 ? head : `${head}; ${report.denied.length} call(s) refused`,
    );
    for (const grant of report.unused) lines.push(`  - ${grant.action} on ${grant.resource}`);
    for (const grant of report.denied)
      lines.push(`  ! refused ${grant.action} on ${grant.resource}`);
  }
  return lines.join('\n');
};

/** Reads a local cloud's registered functions and decisions, and builds the report. */
export const readLeastPrivilegeReport = async (iam: LocalCloudIam): Promise<FunctionReport[]> =>
  leastPrivilegeReport(await iam.functions(), await iam.decisions());
