import ts from 'typescript';

/** What a handler module hands to `makeSqsEventHandler`. */
export interface HandledEventTypes {
  /** How many `makeSqsEventHandler(...)` calls the module makes. */
  readonly calls: number;
  /** The keys of their `handlers` objects: the event types the module handles. */
  readonly eventTypes: readonly string[];
  /** Why some keys could not be read (a spread, a computed key), if any. */
  readonly unreadable: readonly string[];
}

const FACTORY = 'makeSqsEventHandler';

const unwrap = (node: ts.Expression): ts.Expression => {
  let current = node;
  while (
    ts.isParenthesizedExpression(current) ||
    ts.isAsExpression(current) ||
    ts.isSatisfiesExpression(current)
  ) {
    current = current.expression;
  }
  return current;
};

// A `const name = { ... }` of the same module, so `handlers: byType` and `makeSqsEventHandler(options)` resolve.
const objectLiteralOf = (
  node: ts.Expression,
  constants: ReadonlyMap<string, ts.Expression>,
): ts.ObjectLiteralExpression | undefined => {
  const expression = unwrap(node);
  if (ts.isObjectLiteralExpression(expression)) return expression;
  if (ts.isIdentifier(expression)) {
    const initializer = constants.get(expression.text);
    return initializer === undefined ? undefined : objectLiteralOf(initializer, new Map());
  }
  return undefined;
};

const keyText = (name: ts.PropertyName): string | undefined => {
  if (
    ts.isIdentifier(name) ||
    ts.isStringLiteral(name) ||
    ts.isNoSubstitutionTemplateLiteral(name)
  ) {
    return name.text;
  }
  if (ts.isComputedPropertyName(name)) {
    const expression = unwrap(name.expression);
    if (ts.isStringLiteral(expression) || ts.isNoSubstitutionTemplateLiteral(expression)) {
      return expression.text;
    }
  }
  return undefined;
};

const isFactoryCall = (node: ts.Node): node is ts.CallExpression => {
  if (!ts.isCallExpression(node)) return false;
  const callee = node.expression;
  return (
    (ts.isIdentifier(callee) && callee.text === FACTORY) ||
    (ts.isPropertyAccessExpression(callee) && callee.name.text === FACTORY)
  );
};

/**
 * Reads, with the TypeScript compiler API, the event types a handler module handles: the string
 * keys of the `handlers: { ... }` object passed to `makeSqsEventHandler(...)`. Parses only; it
 * neither type-checks nor runs the module.
 *
 * @example
 * ```ts
 * readHandledEventTypes("makeSqsEventHandler({ handlers: { 'order.placed': reserve } })", 'x.ts');
 * // { calls: 1, eventTypes: ['order.placed'], unreadable: [] }
 * ```
 */
export const readHandledEventTypes = (source: string, fileName: string): HandledEventTypes => {
  const file = ts.createSourceFile(
    fileName,
    source,
    ts.ScriptTarget.Latest,
    false,
    ts.ScriptKind.TS,
  );
  const constants = new Map<string, ts.Expression>();
  const calls: ts.CallExpression[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.initializer) {
      constants.set(node.name.text, node.initializer);
    }
    if (isFactoryCall(node)) calls.push(node);
    ts.forEachChild(node, visit);
  };
  visit(file);

  const eventTypes = new Set<string>();
  const unreadable: string[] = [];
  const where = (node: ts.Node): string => {
    const { line } = file.getLineAndCharacterOfPosition(node.getStart(file));
    return `${fileName}:${line + 1}`;
  };
  for (const call of calls) {
    const [argument] = call.arguments;
    const options = argument === undefined ? undefined : objectLiteralOf(argument, constants);
    const handlersProperty = options?.properties.find(
      (property) => property.name !== undefined && keyText(property.name) === 'handlers',
    );
    let handlers: ts.ObjectLiteralExpression | undefined;
    if (handlersProperty !== undefined && ts.isPropertyAssignment(handlersProperty)) {
      handlers = objectLiteralOf(handlersProperty.initializer, constants);
    } else if (
      handlersProperty !== undefined &&
      ts.isShorthandPropertyAssignment(handlersProperty)
    ) {
      handlers = objectLiteralOf(handlersProperty.name, constants);
    }
    if (handlers === undefined) {
      unreadable.push(`${where(call)}: no handlers object literal in the ${FACTORY} options`);
      continue;
    }
    for (const property of handlers.properties) {
      const key = property.name === undefined ? undefined : keyText(property.name);
      if (key === undefined) {
        unreadable.push(`${where(property)}: a handlers entry without a literal key`);
      } else {
        eventTypes.add(key);
      }
    }
  }
  return { calls: calls.length, eventTypes: [...eventTypes], unreadable };
};
