import { fileURLToPath } from 'node:url';

/** The monorepo root, found from this file's place in it (tools/local-cloud/src). */
export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
