import { getProjects, type Tree, updateJson } from '@nx/devkit';

/** Files that list every service, and what each list is for. */
export const SERVICE_LISTS = {
  stackChecks: 'tools/stack-checks/project.json',
  eslint: 'eslint.config.mjs',
  deployWorkflow: '.github/workflows/deploy.yml',
  releaseWorkflow: '.github/workflows/release.yml',
  codeOwners: '.github/CODEOWNERS',
} as const;

/**
 * Adds `name` to every list in `text` that names only known services (at least two):
 * `[a, b]` and `['a', 'b']` arrays (on one line, or wrapped one item a line), `a | b)` shell
 * case patterns, and `- 'a@*'` tag lines.
 *
 * @returns the new text and how many lists it extended.
 */
export const addToServiceLists = (
  text: string,
  services: readonly string[],
  name: string,
): { text: string; lists: number } => {
  const known = new Set(services);
  const isServiceList = (items: readonly string[]): boolean =>
    items.length >= 2 && items.every((item) => known.has(item)) && !items.includes(name);
  let lists = 0;
  // `[checkout, inventory]` or `['checkout', 'inventory']`: an array of service names, on one
  // line or, once Prettier wraps it past the print width, one item a line with a trailing comma.
  let out = text.replace(/\[([^[\]]*)\]/g, (whole, inner: string) => {
    const items = inner.split(',').map((item) => item.trim().replace(/^'(.*)'$/, '$1'));
    const trailingComma = items.length > 1 && items.at(-1) === '';
    if (!isServiceList(trailingComma ? items.slice(0, -1) : items)) return whole;
    lists += 1;
    const item = inner.includes("'") ? `'${name}'` : name;
    const body = inner.trimEnd();
    if (!inner.includes('\n')) return `[${body.replace(/,$/, '')}, ${item}]`;
    // Wrapped: a line of its own after the last item, indented as it is, the closing kept.
    const lastLine = body.slice(body.lastIndexOf('\n') + 1);
    const indent = /^\s*/.exec(lastLine)?.[0] ?? '';
    const closing = inner.slice(body.length);
    return `[${body}${trailingComma ? '' : ','}\n${indent}${item}${trailingComma ? ',' : ''}${closing}]`;
  });
  // `checkout | inventory)`: a shell case pattern of service names.
  out = out.replace(
    /^(\s*)([a-z0-9-]+(?: \| [a-z0-9-]+)+)\)/gm,
    (whole, indent: string, alternatives: string) => {
      if (!isServiceList(alternatives.split(' | '))) return whole;
      lists += 1;
      return `${indent}${alternatives} | ${name})`;
    },
  );
  // `- 'checkout@*'` lines (release tags that start a deploy): one more after the last.
  const tagLines = [...out.matchAll(/^(\s*)- '([a-z0-9-]+)@\*'$/gm)].filter(
    ([, , service]) => service !== undefined && known.has(service),
  );
  const last = tagLines.at(-1);
  if (tagLines.length >= 2 && last?.index !== undefined) {
    const end = last.index + last[0].length;
    out = `${out.slice(0, end)}\n${last[1] ?? ''}- '${name}@*'${out.slice(end)}`;
    lists += 1;
  }
  return { text: out, lists };
};

/**
 * Adds `/services/<name>/  @<org>/<owner>` to CODEOWNERS after its last service line, aligned as
 * those are and with their organisation, so that the prod approval asks the new service's team.
 *
 * @returns what to do by hand when CODEOWNERS is missing or lists no service.
 */
export const addCodeOwner = (tree: Tree, name: string, owner: string): string | undefined => {
  const path = SERVICE_LISTS.codeOwners;
  const text = tree.read(path, 'utf-8');
  const entryPath = `/services/${name}/`;
  const lines = text?.split('\n') ?? [];
  const serviceLines = lines.flatMap((line, index) => {
    const org = /^\/services\/[a-z0-9-]+\/\s+@([^/\s]+)\//.exec(line)?.[1];
    return org === undefined ? [] : [{ index, org, column: line.indexOf('@') }];
  });
  const last = serviceLines.at(-1);
  if (text === null || last === undefined) {
    return `${path} lists no service: add ${entryPath} with its owners (@<org>/${owner})`;
  }
  const column = Math.max(last.column, entryPath.length + 1);
  lines.splice(last.index + 1, 0, `${entryPath.padEnd(column)}@${last.org}/${owner}`);
  tree.write(path, lines.join('\n'));
  return undefined;
};

/**
 * Registers a new service where the repository lists its services: the `implicitDependencies`
 * of every project that lists them all (the stack checks: a test fails until it is there), the
 * module-boundary constraints of `eslint.config.mjs`, and the deploy and release workflows (tag
 * triggers, the dispatch choice, the shell case patterns).
 *
 * @returns one line per file it could not update, saying what to do by hand.
 */
export const registerService = (
  tree: Tree,
  services: readonly string[],
  name: string,
): string[] => {
  const manual: string[] = [];
  // Projects that depend on every service (the stack checks package them all first).
  for (const [, project] of getProjects(tree)) {
    const dependencies = project.implicitDependencies ?? [];
    const path = `${project.root}/project.json`;
    const listsAll = services.length >= 2 && services.every((s) => dependencies.includes(s));
    if (!listsAll || !tree.exists(path)) continue;
    updateJson<{ implicitDependencies?: string[] }>(tree, path, (json) => ({
      ...json,
      implicitDependencies: [...(json.implicitDependencies ?? []), name],
    }));
  }
  if (!tree.exists(SERVICE_LISTS.stackChecks)) {
    manual.push(
      `${SERVICE_LISTS.stackChecks} is missing: the stack checks will not package ${name}`,
    );
  }
  const expected: Record<string, number> = {
    [SERVICE_LISTS.eslint]: 1,
    [SERVICE_LISTS.deployWorkflow]: 3,
    [SERVICE_LISTS.releaseWorkflow]: 1,
  };
  for (const [path, count] of Object.entries(expected)) {
    const text = tree.read(path, 'utf-8');
    if (text === null) continue;
    const { text: updated, lists } = addToServiceLists(text, services, name);
    if (lists !== count) {
      manual.push(
        `${path}: found ${lists} of its ${count} service list(s); add ${name} wherever it lists ${services.join(', ')}`,
      );
    }
    if (updated !== text) tree.write(path, updated);
  }
  return manual;
};
