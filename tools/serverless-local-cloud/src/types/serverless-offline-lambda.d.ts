// serverless-offline ships no types; this covers the part of `serverless-offline/lambda` the
// plugin uses (see LOCAL-STACK-FACTS.md).
declare module 'serverless-offline/lambda' {
  export interface OfflineLambdaDefinition {
    readonly functionKey: string;
    readonly functionDefinition: object;
  }

  export interface OfflineLambdaFunction {
    setEvent(event: unknown): void;
    /** Resolves to the handler's result; rejects on a thrown error, a rejection or a timeout. */
    runHandler(): Promise<unknown>;
  }

  export default class Lambda {
    constructor(serverless: object, options: Readonly<Record<string, unknown>>);
    create(lambdas: readonly OfflineLambdaDefinition[]): void;
    get(functionKey: string): OfflineLambdaFunction;
    /** Starts the pool's timer that stops instances idle for `terminateIdleLambdaTime` (patched in). */
    startFunctionPool(): void;
    /**
     * After a rebuild (patched in): idle instances stop now, busy ones as their invocation ends;
     * waiting and later calls start instances of the new code.
     */
    refresh(): Promise<void>;
    /** Stops every instance now; calls still waiting for one are rejected. */
    cleanup(): Promise<void>;
  }
}
