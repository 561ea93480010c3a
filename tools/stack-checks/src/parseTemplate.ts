import { isRecord } from './isRecord.ts';

/** One resource of a template; `Properties` is `{}` when the template has none. */
export interface TemplateResource {
  readonly Type: string;
  readonly Properties: Readonly<Record<string, unknown>>;
}

/** The part of a CloudFormation template the checks read. */
export interface CloudFormationTemplate {
  readonly Resources: Readonly<Record<string, TemplateResource>>;
  /** The template's outputs by logical id, `{}` when it has none; each stays `unknown`. */
  readonly Outputs: Readonly<Record<string, unknown>>;
}

/** A template's structure is not what CloudFormation accepts. */
export class TemplateShapeError extends Error {
  override readonly name = 'TemplateShapeError';
}

/**
 * Checks the outline of a parsed template (`Resources`, each with a string `Type`) and returns it
 * typed; everything below `Properties` stays `unknown` for the rules to narrow.
 *
 * @example
 * ```ts
 * const template = parseTemplate(JSON.parse(readFileSync(path, 'utf8')));
 * ```
 */
export const parseTemplate = (json: unknown): CloudFormationTemplate => {
  if (!isRecord(json) || !isRecord(json.Resources)) {
    throw new TemplateShapeError('template has no Resources object');
  }
  const resources: Record<string, TemplateResource> = {};
  for (const [logicalId, resource] of Object.entries(json.Resources)) {
    if (!isRecord(resource) || typeof resource.Type !== 'string') {
      throw new TemplateShapeError(`resource ${logicalId} has no Type`);
    }
    const properties = isRecord(resource.Properties) ? resource.Properties : {};
    resources[logicalId] = { Type: resource.Type, Properties: properties };
  }
  return { Resources: resources, Outputs: isRecord(json.Outputs) ? json.Outputs : {} };
};

/** The resources of one type, as `[logicalId, resource]` pairs in template order. */
export const resourcesOfType = (
  template: CloudFormationTemplate,
  type: string,
): readonly (readonly [string, TemplateResource])[] =>
  Object.entries(template.Resources).filter(([, resource]) => resource.Type === type);
