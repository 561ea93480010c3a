import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type CloudFormationClient, ListExportsCommand } from '@aws-sdk/client-cloudformation';
import { workspaceRoot } from '@nx/devkit';
import { isScalar, parseDocument, visit } from 'yaml';
import { topologyServices } from './checkProducerTopics.ts';

/** A CloudFormation export a service's stack imports, and the service whose stack exports it. */
export interface RequiredExport {
  /** Its name in the stage, such as `conveyor-prod-marketing-HttpApiUrl`. */
  readonly name: string;
  /** The service it is named after (`conveyor-<stage>-<service>-…`), when one is. */
  readonly producer?: string;
}

/** The outcome of {@link checkImportedExports}. */
export interface ExportCheck {
  readonly service: string;
  readonly stage: string;
  readonly required: readonly RequiredExport[];
  readonly missing: readonly RequiredExport[];
}

/**
 * The export names that `Fn::ImportValue` (`!ImportValue`) takes in the given YAML texts of a
 * service (its serverless.yml and the files it includes), with `${sls:stage}` and
 * `${self:provider.stage}` replaced by `stage`. An import whose name is not a plain string after
 * that (another variable, an intrinsic) is left out.
 *
 * @example
 * ```ts
 * importedExportNames(["x: !ImportValue 'conveyor-${sls:stage}-marketing-HttpApiUrl'"], 'qa');
 * // ['conveyor-qa-marketing-HttpApiUrl']
 * ```
 */
export const importedExportNames = (texts: readonly string[], stage: string): string[] => {
  const names = new Set<string>();
  const add = (value: unknown) => {
    if (typeof value !== 'string') return;
    const name = value.replaceAll(/\$\{(?:sls:stage|self:provider\.stage)\}/g, stage);
    if (!name.includes('${')) names.add(name);
  };
  for (const text of texts) {
    // Silent: the CloudFormation tags are kept on their nodes, which is what is read here.
    const document = parseDocument(text, { logLevel: 'silent' });
    visit(document, {
      Scalar: (_key, node) => {
        if (node.tag === '!ImportValue') add(node.value);
      },
      Pair: (_key, pair) => {
        if (isScalar(pair.key) && pair.key.value === 'Fn::ImportValue' && isScalar(pair.value)) {
          add(pair.value.value);
        }
      },
    });
  }
  return [...names].toSorted();
};

/**
 * The exports a service's stack imports in `stage`, read from the YAML files of its folder, each
 * with the service it is named after.
 *
 * @example
 * ```ts
 * requiredExports('email', 'prod'); // [{ name: 'conveyor-prod-marketing-HttpApiUrl', producer: 'marketing' }]
 * ```
 */
export const requiredExports = (
  service: string,
  stage: string,
  root = workspaceRoot,
): RequiredExport[] => {
  const dir = join(root, 'services', service);
  const texts = readdirSync(dir)
    .filter((file) => /\.ya?ml$/.test(file))
    .toSorted()
    .map((file) => readFileSync(join(dir, file), 'utf8'));
  // The longest name first: a service named `order` must not claim `order-audit`'s exports.
  const services = topologyServices().toSorted((a, b) => b.length - a.length);
  return importedExportNames(texts, stage).map((name) => {
    const producer = services.find((candidate) =>
      name.startsWith(`conveyor-${stage}-${candidate}-`),
    );
    return producer === undefined || producer === service ? { name } : { name, producer };
  });
};

/** The names of every CloudFormation export of the account and region the client points at. */
export const listExportNames = async (
  cloudFormation: CloudFormationClient,
): Promise<Set<string>> => {
  const names = new Set<string>();
  let nextToken: string | undefined;
  do {
    const page = await cloudFormation.send(
      new ListExportsCommand(nextToken === undefined ? {} : { NextToken: nextToken }),
    );
    for (const entry of page.Exports ?? []) if (entry.Name !== undefined) names.add(entry.Name);
    nextToken = page.NextToken;
  } while (nextToken !== undefined);
  return names;
};

/**
 * Which of the exports `required` names do not exist, by the names `listNames` answers (the
 * stage's account and region: {@link listExportNames}).
 *
 * @example
 * ```ts
 * await checkImportedExports('email', 'prod', requiredExports('email', 'prod'), () => listExportNames(cfn));
 * ```
 */
export const checkImportedExports = async (
  service: string,
  stage: string,
  required: readonly RequiredExport[],
  listNames: () => Promise<ReadonlySet<string>>,
): Promise<ExportCheck> => {
  if (required.length === 0) return { service, stage, required, missing: [] };
  const existing = await listNames();
  return { service, stage, required, missing: required.filter(({ name }) => !existing.has(name)) };
};

/** Renders a check: one line per export, and what to do when some are missing. */
export const formatExportCheck = (check: ExportCheck, where: string): string => {
  if (check.required.length === 0) {
    return `${check.service} imports no other stack's exports.`;
  }
  const missing = new Set(check.missing.map((entry) => entry.name));
  const lines = [
    `Pre-deploy check: exports ${check.service} imports in stage "${check.stage}" (${where})`,
    ...check.required.map(
      (entry) =>
        `  ${missing.has(entry.name) ? 'MISSING' : 'ok     '} ${entry.name}${entry.producer === undefined ? '' : ` (exported by ${entry.producer})`}`,
    ),
  ];
  if (check.missing.length === 0) {
    lines.push(
      `All ${String(check.required.length)} export(s) exist: ${check.service} can deploy.`,
    );
    return lines.join('\n');
  }
  const producers = [
    ...new Set(
      check.missing.flatMap((entry) => (entry.producer === undefined ? [] : [entry.producer])),
    ),
  ];
  lines.push(
    `${check.service} cannot deploy yet: CloudFormation would fail its Fn::ImportValue with "No export named …" (a new stack then stays in ROLLBACK_COMPLETE until deleted). ${
      producers.length === 0
        ? 'Deploy the stacks that export them'
        : `Deploy ${producers.join(' and ')}`
    } to "${check.stage}" first.`,
  );
  return lines.join('\n');
};
