import { LocalCloudPluginError, ProvisioningError } from './errors.ts';

/** What one provisioning run did. */
export interface ProvisionReport {
  /** Logical ids (or `topic <name>` for another service's topic) created by this run. */
  readonly created: readonly string[];
  /** Logical ids whose local settings this run changed. */
  readonly updated: readonly string[];
  /** Logical ids already as declared. */
  readonly unchanged: readonly string[];
  /** Resources left alone, with their type. */
  readonly ignored: readonly { readonly logicalId: string; readonly type: string }[];
  /** What is not emulated locally and matters: TTL, streams, non-SQS subscriptions. */
  readonly notes: readonly string[];
  /** Settings left out locally that change no behaviour worth a warning (encryption, PITR...). */
  readonly details: readonly string[];
}

export type ProvisionStatus = 'created' | 'updated' | 'unchanged';

/** Collects the outcome of each resource while provisioning. */
export class ProvisionRecorder {
  readonly created: string[] = [];
  readonly updated: string[] = [];
  readonly unchanged: string[] = [];
  readonly notes: string[] = [];
  readonly details: string[] = [];

  record(logicalId: string, status: ProvisionStatus): void {
    this[status].push(logicalId);
  }

  note(message: string): void {
    this.notes.push(message);
  }

  /** A property not applied locally: logged only with --verbose. */
  notApplied(logicalId: string, property: string): void {
    this.details.push(`${logicalId}: ${property} is not applied locally`);
  }
}

/** Runs one resource's provisioning and names the resource in any failure. */
export const provisioning = async <T>(
  logicalId: string,
  type: string,
  work: () => Promise<T>,
): Promise<T> => {
  try {
    return await work();
  } catch (error) {
    if (error instanceof LocalCloudPluginError) {
      throw error;
    }
    const message = error instanceof Error ? error.message : String(error);
    throw new ProvisioningError(`Cannot provision Resources.${logicalId} (${type}): ${message}`, {
      cause: error,
    });
  }
};

/** Compares two JSON documents (policies, filter policies) by content. */
export const sameJson = (left: string | undefined, right: string | undefined): boolean => {
  if (left === right) {
    return true;
  }
  if (left === undefined || right === undefined || left === '' || right === '') {
    return false;
  }
  try {
    return (
      JSON.stringify(sortKeys(JSON.parse(left))) === JSON.stringify(sortKeys(JSON.parse(right)))
    );
  } catch {
    return false;
  }
};

const sortKeys = (value: unknown): unknown => {
  if (Array.isArray(value)) {
    return value.map(sortKeys);
  }
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(
      Object.entries(value)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([key, item]) => [key, sortKeys(item)]),
    );
  }
  return value;
};

/** CloudFormation gives JSON documents as objects or as strings; the APIs want strings. */
export const toJsonString = (value: unknown): string =>
  typeof value === 'string' ? value : JSON.stringify(value);

/** CloudFormation scalars (numbers, booleans, strings) as the string an attribute API wants. */
export const toAttributeString = (value: unknown, where: string): string => {
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
    return String(value);
  }
  throw new ProvisioningError(`${where} must be a string, a number or a boolean`);
};
