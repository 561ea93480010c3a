import { isRecord } from './isRecord.ts';

/** Where a `Ref` or `Fn::GetAtt` points: the logical id, and the attribute for `Fn::GetAtt`. */
export interface LogicalReference {
  readonly logicalId: string;
  /** `undefined` for `Ref`. */
  readonly attribute: string | undefined;
}

/**
 * Reads `{ Ref: X }`, `{ 'Fn::GetAtt': [X, Attr] }`, `{ 'Fn::GetAtt': 'X.Attr' }` and a bare
 * `{ 'Fn::Sub': '${X.Attr}' }`; anything else (a literal ARN, an import) is not a reference to a
 * resource of this template.
 *
 * @example
 * ```ts
 * referenceOf({ 'Fn::GetAtt': ['OrdersDlq', 'Arn'] }); // { logicalId: 'OrdersDlq', attribute: 'Arn' }
 * ```
 */
export const referenceOf = (value: unknown): LogicalReference | undefined => {
  if (!isRecord(value)) return undefined;
  const ref = value.Ref;
  if (typeof ref === 'string') return { logicalId: ref, attribute: undefined };
  const getAtt = value['Fn::GetAtt'];
  if (Array.isArray(getAtt)) {
    const [logicalId, attribute] = getAtt as readonly unknown[];
    if (typeof logicalId === 'string' && typeof attribute === 'string') {
      return { logicalId, attribute };
    }
  }
  if (typeof getAtt === 'string') return splitDotted(getAtt);
  const sub = value['Fn::Sub'];
  if (typeof sub === 'string') {
    const match = /^\$\{([A-Za-z0-9]+(?:\.[A-Za-z0-9.]+)?)\}$/.exec(sub);
    if (match?.[1] !== undefined) return splitDotted(match[1]);
  }
  return undefined;
};

const splitDotted = (text: string): LogicalReference => {
  const dot = text.indexOf('.');
  return dot === -1
    ? { logicalId: text, attribute: undefined }
    : { logicalId: text.slice(0, dot), attribute: text.slice(dot + 1) };
};

/** The logical id `value` points at through `Fn::GetAtt <id>.<attribute>`, if it does. */
export const referencedLogicalId = (value: unknown, attribute: string): string | undefined => {
  const reference = referenceOf(value);
  return reference?.attribute === attribute ? reference.logicalId : undefined;
};
