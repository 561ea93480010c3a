import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import type { Email, Store, Template } from 'aws-ses-v2-local/dist/store.js';
import { LocalCloudError } from './errors.ts';

/**
 * The part of aws-ses-v2-local's store module used here. Its handlers call these through the
 * module's `exports` object (`(0, store_1.saveEmail)(...)`), so replacing a property there
 * reaches every caller.
 */
interface StoreModule {
  saveEmail: (email: Email) => void;
  setTemplate: (key: string, value: Template) => unknown;
  deleteTemplate: (key: string) => boolean;
  clearStore: () => void;
  getStoreReadonly: () => Readonly<Store>;
}

// require, not import: an ES module namespace is a frozen copy, not the live exports object.
const storeModule = createRequire(import.meta.url)('aws-ses-v2-local/dist/store.js') as StoreModule;

interface MailSnapshot {
  readonly version: 1;
  readonly emails: readonly Email[];
  readonly templates: Readonly<Record<string, Template>>;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const parseSnapshot = (text: string, file: string): MailSnapshot => {
  const invalid = (reason: string): LocalCloudError =>
    new LocalCloudError(`Mail store ${file} is not readable (${reason}). Fix or delete it.`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw invalid(error instanceof Error ? error.message : 'invalid JSON');
  }
  if (!isRecord(parsed) || parsed.version !== 1) throw invalid('unknown format');
  const { emails, templates } = parsed;
  if (!Array.isArray(emails) || !isRecord(templates)) throw invalid('unknown format');
  // The file is ours, written by snapshotMailStore; a shallow check is enough.
  return {
    version: 1,
    emails: emails as Email[],
    templates: templates as Record<string, Template>,
  };
};

/** Writes aws-ses-v2-local's store to `file`; write-then-rename, so a crash leaves the old one. */
const snapshotMailStore = (file: string): void => {
  const store = storeModule.getStoreReadonly();
  const snapshot: MailSnapshot = {
    version: 1,
    emails: store.emails,
    templates: Object.fromEntries(store.templates),
  };
  mkdirSync(dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, JSON.stringify(snapshot));
  renameSync(temporary, file);
};

let mailFile: string | undefined;

const afterChange = <Result>(result: Result): Result => {
  if (mailFile !== undefined) snapshotMailStore(mailFile);
  return result;
};

const originals = {
  saveEmail: storeModule.saveEmail,
  setTemplate: storeModule.setTemplate,
  deleteTemplate: storeModule.deleteTemplate,
  clearStore: storeModule.clearStore,
};

// Persist inside the store call, before the handler answers: a 200 means the mail is on disk.
storeModule.saveEmail = (email) => {
  originals.saveEmail(email);
  afterChange(undefined);
};
storeModule.setTemplate = (key, value) => afterChange(originals.setTemplate(key, value));
storeModule.deleteTemplate = (key) => afterChange(originals.deleteTemplate(key));
storeModule.clearStore = () => {
  originals.clearStore();
  afterChange(undefined);
};

/**
 * Points aws-ses-v2-local's in-memory store (module-wide, so one per process) at `file`: loads
 * the mail and templates saved there (or starts empty when there is no file, or no `file`), then
 * saves the store to it on every change. `undefined` keeps mail in memory only.
 */
export const persistMailStore = (file: string | undefined): void => {
  mailFile = undefined;
  originals.clearStore();
  if (file !== undefined && existsSync(file)) {
    const snapshot = parseSnapshot(readFileSync(file, 'utf8'), file);
    storeModule.getStoreReadonly().emails.push(...snapshot.emails);
    for (const [name, template] of Object.entries(snapshot.templates)) {
      originals.setTemplate(name, template);
    }
  }
  mailFile = file;
};

/** Stops saving mail to disk (after a last save) and empties the in-memory store. */
export const releaseMailStore = (): void => {
  if (mailFile !== undefined) snapshotMailStore(mailFile);
  mailFile = undefined;
  originals.clearStore();
};
