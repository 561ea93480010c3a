import { IntrinsicResolutionError } from './errors.ts';
import { isRecord } from './isRecord.ts';

/** A reference's value, or why it has none locally. */
export type ReferenceValue = string | { readonly unresolvable: string };

/** What intrinsics can refer to: pseudo parameters and the template's resources. */
export interface IntrinsicContext {
  /** Values of `AWS::Region`, `AWS::AccountId`, `AWS::Partition`, ... keyed by their full name. */
  readonly pseudoParameters: Readonly<Record<string, string>>;
  /** `Ref` of a resource. */
  readonly ref: (logicalId: string) => ReferenceValue;
  /** `Fn::GetAtt` of a resource. */
  readonly getAtt: (logicalId: string, attribute: string) => ReferenceValue;
}

/** Marks a property removed with `Ref: AWS::NoValue`. */
const noValue: unique symbol = Symbol('AWS::NoValue');

type Resolved = unknown;

const intrinsicName = (value: Readonly<Record<string, unknown>>): string | undefined => {
  const keys = Object.keys(value);
  const [key] = keys;
  return keys.length === 1 && key !== undefined && (key === 'Ref' || key.startsWith('Fn::'))
    ? key
    : undefined;
};

const fail = (what: string, path: string, reason?: string): never => {
  throw new IntrinsicResolutionError(
    `Cannot resolve ${what} in ${path}${reason === undefined ? '' : ` (${reason})`}`,
  );
};

const joinPath = (path: string, key: string | number): string =>
  typeof key === 'number' ? `${path}[${key}]` : `${path}.${key}`;

const valueOf = (reference: ReferenceValue, what: string, path: string): string =>
  typeof reference === 'string' ? reference : fail(what, path, reference.unresolvable);

const resolveRef = (name: unknown, context: IntrinsicContext, path: string): string | symbol => {
  if (typeof name !== 'string') {
    return fail('Ref', path, 'its argument must be a logical id');
  }
  if (name === 'AWS::NoValue') {
    return noValue;
  }
  const pseudo = context.pseudoParameters[name];
  if (pseudo !== undefined) {
    return pseudo;
  }
  if (name.startsWith('AWS::')) {
    return fail(`Ref ${name}`, path, 'pseudo parameter not available locally');
  }
  return valueOf(context.ref(name), `Ref ${name}`, path);
};

const splitGetAtt = (argument: unknown, path: string): [string, string] => {
  if (typeof argument === 'string') {
    const dot = argument.indexOf('.');
    if (dot > 0) {
      return [argument.slice(0, dot), argument.slice(dot + 1)];
    }
  }
  if (Array.isArray(argument) && argument.length === 2) {
    const [logicalId, attribute] = argument as unknown[];
    if (typeof logicalId === 'string' && typeof attribute === 'string') {
      return [logicalId, attribute];
    }
  }
  return fail('Fn::GetAtt', path, 'expected [LogicalId, Attribute] or "LogicalId.Attribute"');
};

const resolveGetAtt = (argument: unknown, context: IntrinsicContext, path: string): string => {
  const [logicalId, attribute] = splitGetAtt(argument, path);
  return valueOf(
    context.getAtt(logicalId, attribute),
    `Fn::GetAtt ${logicalId}.${attribute}`,
    path,
  );
};

const asString = (value: Resolved, what: string, path: string): string => {
  if (typeof value === 'string') {
    return value;
  }
  if (typeof value === 'number' || typeof value === 'boolean') {
    return String(value);
  }
  return fail(what, path, 'a part does not resolve to a string');
};

const resolveSub = (argument: unknown, context: IntrinsicContext, path: string): string => {
  let template: unknown = argument;
  let variables: Readonly<Record<string, unknown>> = {};
  if (Array.isArray(argument)) {
    const [first, second] = argument as unknown[];
    if (argument.length !== 2 || !isRecord(second)) {
      return fail('Fn::Sub', path, 'expected a string or [string, { variables }]');
    }
    template = first;
    variables = second;
  }
  if (typeof template !== 'string') {
    return fail('Fn::Sub', path, 'its template must be a string');
  }
  // ${!Literal} stays as ${Literal}; ${Name} and ${Name.Attr} are substituted.
  return template.replaceAll(/\$\{([^}]*)\}/g, (_match, rawName: string) => {
    const name = rawName.trim();
    if (name.startsWith('!')) {
      return `\${${name.slice(1)}}`;
    }
    if (Object.hasOwn(variables, name)) {
      const value = resolveValue(variables[name], context, joinPath(path, name));
      return asString(value, `Fn::Sub variable ${name}`, path);
    }
    const dot = name.indexOf('.');
    if (dot > 0 && !name.startsWith('AWS::')) {
      const logicalId = name.slice(0, dot);
      const attribute = name.slice(dot + 1);
      return valueOf(context.getAtt(logicalId, attribute), `Fn::Sub \${${name}}`, path);
    }
    const ref = resolveRef(name, context, path);
    return typeof ref === 'string' ? ref : fail(`Fn::Sub \${${name}}`, path, 'AWS::NoValue');
  });
};

const resolveJoin = (argument: unknown, context: IntrinsicContext, path: string): string => {
  if (!Array.isArray(argument) || argument.length !== 2) {
    return fail('Fn::Join', path, 'expected [delimiter, [values]]');
  }
  const [delimiter, list] = argument as unknown[];
  if (typeof delimiter !== 'string') {
    return fail('Fn::Join', path, 'its delimiter must be a string');
  }
  const values = resolveValue(list, context, path);
  if (!Array.isArray(values)) {
    return fail('Fn::Join', path, 'its values must be a list');
  }
  return values.map((value) => asString(value, 'Fn::Join', path)).join(delimiter);
};

const resolveIntrinsic = (
  name: string,
  argument: unknown,
  context: IntrinsicContext,
  path: string,
): Resolved => {
  switch (name) {
    case 'Ref':
      return resolveRef(argument, context, path);
    case 'Fn::GetAtt':
      return resolveGetAtt(argument, context, path);
    case 'Fn::Sub':
      return resolveSub(argument, context, path);
    case 'Fn::Join':
      return resolveJoin(argument, context, path);
    default:
      return fail(name, path);
  }
};

function resolveValue(value: unknown, context: IntrinsicContext, path: string): Resolved {
  if (Array.isArray(value)) {
    return value
      .map((item: unknown, index) => resolveValue(item, context, joinPath(path, index)))
      .filter((item) => item !== noValue);
  }
  if (!isRecord(value)) {
    return value;
  }
  const intrinsic = intrinsicName(value);
  if (intrinsic !== undefined) {
    return resolveIntrinsic(intrinsic, value[intrinsic], context, path);
  }
  const resolved: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    const itemValue = resolveValue(item, context, joinPath(path, key));
    if (itemValue !== noValue) {
      resolved[key] = itemValue;
    }
  }
  return resolved;
}

/**
 * Resolves the CloudFormation intrinsics in `value`: `Ref`, `Fn::GetAtt`, `Fn::Sub` (both forms)
 * and `Fn::Join`, at any depth. `Ref: AWS::NoValue` removes the property. Anything else throws
 * an `IntrinsicResolutionError` naming `path`, e.g.
 * `Cannot resolve Fn::ImportValue in Resources.OrdersQueue.Properties.RedrivePolicy`.
 */
export const resolveIntrinsics = (
  value: unknown,
  context: IntrinsicContext,
  path: string,
): unknown => {
  const resolved = resolveValue(value, context, path);
  return resolved === noValue ? undefined : resolved;
};

/** Like `resolveIntrinsics`, for a value that must end up a string (a name, an ARN, a URL). */
export const resolveIntrinsicString = (
  value: unknown,
  context: IntrinsicContext,
  path: string,
): string => {
  const resolved = resolveIntrinsics(value, context, path);
  if (typeof resolved === 'string') {
    return resolved;
  }
  if (typeof resolved === 'number') {
    return String(resolved);
  }
  return fail('the value', path, 'expected a string');
};
