import {
  appendFileSync,
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  rmSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
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

const originals = {
  saveEmail: storeModule.saveEmail,
  setTemplate: storeModule.setTemplate,
  deleteTemplate: storeModule.deleteTemplate,
  clearStore: storeModule.clearStore,
};

/**
 * One line of the mail log. The log is appended to, one line per change: saving the whole
 * store on every send cost a JSON encoding and a write of every mail ever sent, on the local
 * cloud's only thread, twice per order (5.6 MB each after a few thousand orders).
 */
type MailLogEntry =
  | { readonly version: 2 }
  | { readonly email: Email }
  | { readonly template: string; readonly value: Template }
  | { readonly deletedTemplate: string };

/** The format before the log: one JSON snapshot of the whole store. */
interface LegacySnapshot {
  readonly version: 1;
  readonly emails: readonly Email[];
  readonly templates: Readonly<Record<string, Template>>;
}

const header = `${JSON.stringify({ version: 2 } satisfies MailLogEntry)}\n`;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const unreadable = (file: string, reason: string): LocalCloudError =>
  new LocalCloudError(`Mail store ${file} is not readable (${reason}). Fix or delete it.`);

const parseLegacySnapshot = (text: string, file: string): LegacySnapshot => {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw unreadable(file, error instanceof Error ? error.message : 'invalid JSON');
  }
  if (!isRecord(parsed) || parsed.version !== 1) throw unreadable(file, 'unknown format');
  const { emails, templates } = parsed;
  if (!Array.isArray(emails) || !isRecord(templates)) throw unreadable(file, 'unknown format');
  // The file is ours, written by an earlier version of this module; a shallow check is enough.
  return {
    version: 1,
    emails: emails as Email[],
    templates: templates as Record<string, Template>,
  };
};

const applyEntry = (entry: unknown, file: string, line: number): void => {
  if (!isRecord(entry)) throw unreadable(file, `line ${String(line)} is not an object`);
  if (isRecord(entry['email'])) {
    storeModule.getStoreReadonly().emails.push(entry['email'] as Email);
  } else if (typeof entry['template'] === 'string' && isRecord(entry['value'])) {
    originals.setTemplate(entry['template'], entry['value'] as Template);
  } else if (typeof entry['deletedTemplate'] === 'string') {
    originals.deleteTemplate(entry['deletedTemplate']);
  } else if (!(line === 1 && entry['version'] === 2)) {
    throw unreadable(file, `line ${String(line)} is not a mail log entry`);
  }
};

/**
 * Loads the log into the store. A last line without its newline is a write the crash of an
 * earlier run cut short, before its call answered: it is cut off, so that the next entry starts
 * on a line of its own.
 */
const loadLog = (file: string): void => {
  const text = readFileSync(file, 'utf8');
  if (!text.startsWith(header)) throw unreadable(file, 'unknown format');
  const complete = text.lastIndexOf('\n') + 1;
  text
    .slice(0, complete)
    .split('\n')
    .forEach((line, index) => {
      if (line === '') return;
      let entry: unknown;
      try {
        entry = JSON.parse(line);
      } catch (error) {
        throw unreadable(
          file,
          `line ${String(index + 1)}: ${error instanceof Error ? error.message : 'invalid JSON'}`,
        );
      }
      applyEntry(entry, file, index + 1);
    });
  if (complete < text.length) truncateSync(file, Buffer.byteLength(text.slice(0, complete)));
};

/** Writes the store as a fresh log; write-then-rename, so a crash leaves the old file. */
const writeLog = (file: string): void => {
  const store = storeModule.getStoreReadonly();
  const lines = [
    ...store.emails.map((email) => JSON.stringify({ email } satisfies MailLogEntry)),
    ...[...store.templates].map(([template, value]) =>
      JSON.stringify({ template, value } satisfies MailLogEntry),
    ),
  ];
  mkdirSync(dirname(file), { recursive: true });
  const temporary = `${file}.${String(process.pid)}.tmp`;
  writeFileSync(temporary, header + lines.map((line) => `${line}\n`).join(''));
  renameSync(temporary, file);
};

let mailFile: string | undefined;

// One write per change, before the handler answers: a 200 means the mail is on disk (in the
// operating system's hands: it survives the local cloud's crash, as the snapshot did).
const append = (entry: MailLogEntry): void => {
  if (mailFile !== undefined) appendFileSync(mailFile, `${JSON.stringify(entry)}\n`);
};

storeModule.saveEmail = (email) => {
  originals.saveEmail(email);
  append({ email });
};
storeModule.setTemplate = (key, value) => {
  const result = originals.setTemplate(key, value);
  append({ template: key, value });
  return result;
};
storeModule.deleteTemplate = (key) => {
  const deleted = originals.deleteTemplate(key);
  if (deleted) append({ deletedTemplate: key });
  return deleted;
};
storeModule.clearStore = () => {
  originals.clearStore();
  if (mailFile !== undefined) writeLog(mailFile);
};

/**
 * Points aws-ses-v2-local's in-memory store (module-wide, so one per process) at `file`, a log
 * of JSON lines: loads the mail and templates kept there (or starts empty when there is no file,
 * or no `file`), then appends every change to it. `legacySnapshot` names the single-snapshot
 * file an earlier version kept instead: when `file` does not exist yet, its mail is carried over
 * into `file` and the snapshot removed. `undefined` keeps mail in memory only.
 */
export const persistMailStore = (file: string | undefined, legacySnapshot?: string): void => {
  mailFile = undefined;
  originals.clearStore();
  if (file === undefined) return;
  if (existsSync(file)) {
    loadLog(file);
  } else if (legacySnapshot !== undefined && existsSync(legacySnapshot)) {
    const snapshot = parseLegacySnapshot(readFileSync(legacySnapshot, 'utf8'), legacySnapshot);
    storeModule.getStoreReadonly().emails.push(...snapshot.emails);
    for (const [name, template] of Object.entries(snapshot.templates)) {
      originals.setTemplate(name, template);
    }
    writeLog(file);
    rmSync(legacySnapshot);
  } else {
    writeLog(file);
  }
  mailFile = file;
};

/** Stops saving mail to disk and empties the in-memory store. */
export const releaseMailStore = (): void => {
  mailFile = undefined;
  originals.clearStore();
};
