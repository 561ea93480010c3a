import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type CloudFormationClient, paginateListExports } from '@aws-sdk/client-cloudformation';
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

/** What {@link importedExports} found. */
export interface ImportedExports {
  /** The names, resolved in the stage. */
  readonly names: readonly string[];
  /**
   * Imports whose name is known only at deploy time (another variable, `${AWS::Region}` in a
   * `!Sub`, a `!Ref`), as written: they cannot be checked beforehand.
   */
  readonly unchecked: readonly string[];
}

/** The outcome of {@link checkImportedExports}. */
export interface ExportCheck {
  readonly service: string;
  readonly stage: string;
  readonly required: readonly RequiredExport[];
  readonly missing: readonly RequiredExport[];
  readonly unchecked: readonly string[];
}

const stageVariables = /\$\{(?:sls:stage|self:provider\.stage)\}/g;

/**
 * The exports that `Fn::ImportValue` (`!ImportValue`) takes in the given YAML texts of a service
 * (its serverless.yml and the YAML files beside it), with `${sls:stage}` and
 * `${self:provider.stage}` replaced by `stage`. A name still holding a variable, or given by an
 * intrinsic other than a plain `!Sub`, is `unchecked`.
 *
 * @example
 * ```ts
 * importedExports(["x: !ImportValue 'conveyor-${sls:stage}-marketing-HttpApiUrl'"], 'qa');
 * // { names: ['conveyor-qa-marketing-HttpApiUrl'], unchecked: [] }
 * ```
 */
export const importedExports = (texts: readonly string[], stage: string): ImportedExports => {
  const names = new Set<string>();
  const unchecked = new Set<string>();
  const add = (node: unknown) => {
    if (!isScalar(node) || typeof node.value !== 'string') {
      unchecked.add(String(node));
      return;
    }
    const written = node.value;
    // Untagged, or a `!Sub` of the long form that only the stage variable makes a name.
    if (node.tag !== undefined && node.tag !== '!ImportValue' && node.tag !== '!Sub') {
      unchecked.add(`${node.tag} ${written}`);
      return;
    }
    const name = written.replaceAll(stageVariables, stage);
    if (name.includes('${')) unchecked.add(written);
    else names.add(name);
  };
  for (const text of texts) {
    // Silent: the CloudFormation tags are kept on their nodes, which is what is read here.
    const document = parseDocument(text, { logLevel: 'silent' });
    visit(document, {
      Scalar: (_key, node) => {
        if (node.tag === '!ImportValue') add(node);
      },
      Pair: (_key, pair) => {
        if (isScalar(pair.key) && pair.key.value === 'Fn::ImportValue') add(pair.value);
      },
    });
  }
  return { names: [...names].toSorted(), unchecked: [...unchecked].toSorted() };
};

/**
 * The service an export is named after in `stage` (`conveyor-<stage>-<service>-…`), among
 * `services`; the longest name wins, so `order` does not claim `order-audit`'s exports.
 *
 * @example
 * ```ts
 * producerOf('conveyor-qa-marketing-HttpApiUrl', 'qa', ['email', 'marketing']); // 'marketing'
 * ```
 */
export const producerOf = (
  name: string,
  stage: string,
  services: readonly string[],
): string | undefined =>
  services
    .toSorted((a, b) => b.length - a.length)
    .find((candidate) => name.startsWith(`conveyor-${stage}-${candidate}-`));

/**
 * The exports a service's stack imports in `stage`, read from the YAML files of its folder, each
 * with the service it is named after, and those that cannot be checked before the deploy.
 *
 * @example
 * ```ts
 * requiredExports('email', 'prod');
 * // { required: [{ name: 'conveyor-prod-marketing-HttpApiUrl', producer: 'marketing' }], unchecked: [] }
 * ```
 */
export const requiredExports = (
  service: string,
  stage: string,
  root = workspaceRoot,
): { required: RequiredExport[]; unchecked: readonly string[] } => {
  const dir = join(root, 'services', service);
  const texts = readdirSync(dir)
    .filter((file) => /\.ya?ml$/.test(file))
    .toSorted()
    .map((file) => readFileSync(join(dir, file), 'utf8'));
  const { names, unchecked } = importedExports(texts, stage);
  const services = topologyServices();
  const required = names.map((name) => {
    const producer = producerOf(name, stage, services);
    return producer === undefined || producer === service ? { name } : { name, producer };
  });
  return { required, unchecked };
};

/** The names of every CloudFormation export of the account and region the client points at. */
export const listExportNames = async (
  cloudFormation: CloudFormationClient,
): Promise<Set<string>> => {
  const names = new Set<string>();
  for await (const page of paginateListExports({ client: cloudFormation }, {})) {
    for (const entry of page.Exports ?? []) if (entry.Name !== undefined) names.add(entry.Name);
  }
  return names;
};

/**
 * Which of the exports `required` names do not exist, by the names `listNames` answers (the
 * stage's account and region: {@link listExportNames}).
 *
 * @example
 * ```ts
 * const { required, unchecked } = requiredExports('email', 'prod');
 * await checkImportedExports('email', 'prod', required, unchecked, () => listExportNames(cfn));
 * ```
 */
export const checkImportedExports = async (
  service: string,
  stage: string,
  required: readonly RequiredExport[],
  unchecked: readonly string[],
  listNames: () => Promise<ReadonlySet<string>>,
): Promise<ExportCheck> => {
  if (required.length === 0) return { service, stage, required, missing: [], unchecked };
  const existing = await listNames();
  const missing = required.filter(({ name }) => !existing.has(name));
  return { service, stage, required, missing, unchecked };
};

/** Renders a check: one line per export, and what to do when some are missing. */
export const formatExportCheck = (check: ExportCheck, where: string): string => {
  if (check.required.length === 0 && check.unchecked.length === 0) {
    return `${check.service} imports no other stack's exports.`;
  }
  const missing = new Set(check.missing.map((entry) => entry.name));
  const lines = [
    `Pre-deploy check: exports ${check.service} imports in stage "${check.stage}" (${where})`,
    ...check.required.map(
      (entry) =>
        `  ${missing.has(entry.name) ? 'MISSING' : 'ok     '} ${entry.name}${entry.producer === undefined ? '' : ` (exported by ${entry.producer})`}`,
    ),
    ...check.unchecked.map(
      (written) => `  UNCHECKED ${written} (its name is known only at deploy time)`,
    ),
  ];
  if (check.missing.length === 0) {
    lines.push(
      `${check.required.length === 0 ? 'No export can be checked' : `All ${String(check.required.length)} checked export(s) exist`}: ${check.service} can deploy as far as this check sees.`,
    );
    return lines.join('\n');
  }
  const producers = [
    ...new Set(
      check.missing.flatMap((entry) => (entry.producer === undefined ? [] : [entry.producer])),
    ),
  ];
  const others = check.missing.filter((entry) => entry.producer === undefined);
  const steps = [
    ...(producers.length === 0 ? [] : [`deploy ${producers.join(' and ')} to "${check.stage}"`]),
    ...(others.length === 0
      ? []
      : [`create the stacks that export ${others.map((entry) => entry.name).join(', ')}`]),
  ];
  lines.push(
    `${check.service} cannot deploy yet: CloudFormation would fail its Fn::ImportValue with "No export named …". First ${steps.join(', and ')}.`,
  );
  return lines.join('\n');
};
