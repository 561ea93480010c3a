import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { LocalCloudError } from '../errors.ts';
import { replaceFile } from '../replaceFile.ts';
import {
  type FunctionCredentials,
  type FunctionRegistration,
  functionAccessKeyId,
  type PolicyStatement,
} from './functionIdentity.ts';

/** A registered function, its credentials and the statements in force. */
export interface RegisteredFunction {
  readonly registration: FunctionRegistration;
  readonly credentials: FunctionCredentials;
  /** The statements checked now: the override if one is set, else the role's. */
  readonly statements: readonly PolicyStatement[];
  /** Set while a test replaces the role's statements. */
  readonly overridden: boolean;
  /** Changes whenever `statements` change, so cached decisions are not reused. */
  readonly version: number;
}

interface StoredState {
  readonly functions: readonly { registration: FunctionRegistration; secretAccessKey: string }[];
  readonly overrides: Readonly<Record<string, readonly PolicyStatement[]>>;
}

const newSecret = (): string => randomBytes(30).toString('base64url');

/**
 * The functions the local cloud knows: their credentials and IAM statements, registered by the
 * serverless plugin as each service starts. With a file it is kept across restarts of the local
 * cloud (the services, still running, keep their credentials), written before each change
 * answers.
 */
export class FunctionRegistry {
  readonly #file: string | undefined;
  readonly #functions = new Map<
    string,
    { registration: FunctionRegistration; secretAccessKey: string }
  >();
  readonly #overrides = new Map<string, readonly PolicyStatement[]>();
  readonly #versions = new Map<string, number>();
  #nextVersion = 1;

  constructor(file?: string) {
    this.#file = file;
    if (file !== undefined && existsSync(file)) {
      let state: StoredState;
      try {
        state = JSON.parse(readFileSync(file, 'utf8')) as StoredState;
      } catch (error) {
        throw new LocalCloudError(
          `Cannot read the registered functions in ${file}; remove it to start afresh.`,
          { cause: error },
        );
      }
      for (const { registration, secretAccessKey } of state.functions) {
        this.#functions.set(keyOf(registration), { registration, secretAccessKey });
      }
      for (const [accessKeyId, statements] of Object.entries(state.overrides)) {
        this.#overrides.set(accessKeyId, statements);
      }
    }
  }

  /**
   * Registers (or re-registers) functions and returns their credentials. A function keeps its
   * secret across registrations, so instances still running with it go on working.
   */
  register(
    registrations: readonly FunctionRegistration[],
  ): (FunctionCredentials & { functionKey: string })[] {
    const credentials = registrations.map((registration) => {
      const accessKeyId = keyOf(registration);
      const secretAccessKey = this.#functions.get(accessKeyId)?.secretAccessKey ?? newSecret();
      this.#functions.set(accessKeyId, { registration, secretAccessKey });
      this.#bump(accessKeyId);
      return { functionKey: registration.functionKey, accessKeyId, secretAccessKey };
    });
    this.#save();
    return credentials;
  }

  /** The function signing with this key, if registered. */
  lookup(accessKeyId: string): RegisteredFunction | undefined {
    const entry = this.#functions.get(accessKeyId);
    if (entry === undefined) return undefined;
    const override = this.#overrides.get(accessKeyId);
    return {
      registration: entry.registration,
      credentials: { accessKeyId, secretAccessKey: entry.secretAccessKey },
      statements: override ?? entry.registration.statements,
      overridden: override !== undefined,
      version: this.#versions.get(accessKeyId) ?? 0,
    };
  }

  /** Every registered function. */
  list(): RegisteredFunction[] {
    return [...this.#functions.keys()].flatMap((key) => {
      const found = this.lookup(key);
      return found === undefined ? [] : [found];
    });
  }

  /**
   * Replaces a function's statements until `clearOverride` (a test taking a permission away). It
   * may name a function not registered yet, and survives its (re-)registration.
   */
  setOverride(accessKeyId: string, statements: readonly PolicyStatement[]): void {
    this.#overrides.set(accessKeyId, statements);
    this.#bump(accessKeyId);
    this.#save();
  }

  /** Puts the role's own statements back in force. */
  clearOverride(accessKeyId: string): void {
    this.#overrides.delete(accessKeyId);
    this.#bump(accessKeyId);
    this.#save();
  }

  #bump(accessKeyId: string): void {
    this.#versions.set(accessKeyId, this.#nextVersion++);
  }

  #save(): void {
    if (this.#file === undefined) return;
    const state: StoredState = {
      functions: [...this.#functions.values()],
      overrides: Object.fromEntries(this.#overrides),
    };
    replaceFile(this.#file, `${JSON.stringify(state, null, 2)}\n`);
  }
}

const keyOf = (registration: FunctionRegistration): string =>
  functionAccessKeyId(registration.service, registration.stage, registration.functionKey);
