import type { Rule } from 'eslint';

/**
 * The lint rule `conveyor/declared-imports`: every package a project's files import is declared
 * in its own package.json, and code that ships takes its run-time imports from `dependencies`.
 */
export declare const declaredImports: Rule.RuleModule;
