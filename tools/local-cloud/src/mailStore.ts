import { appendFileSync, existsSync, readFileSync, rmSync, truncateSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Email, Store, Template } from 'aws-ses-v2-local/dist/store.js';
import { LocalCloudError } from './errors.ts';
import { replaceFile } from './replaceFile.ts';

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

/** Applies one log line to the store; whether it was a mail. */
const applyEntry = (entry: unknown, file: string, line: number): boolean => {
  if (!isRecord(entry)) throw unreadable(file, `line ${String(line)} is not an object`);
  if (isRecord(entry['email'])) {
    storeModule.getStoreReadonly().emails.push(entry['email'] as Email);
    return true;
  }
  if (typeof entry['template'] === 'string' && isRecord(entry['value'])) {
    originals.setTemplate(entry['template'], entry['value'] as Template);
  } else if (typeof entry['deletedTemplate'] === 'string') {
    originals.deleteTemplate(entry['deletedTemplate']);
  } else if (!(line === 1 && entry['version'] === 2)) {
    throw unreadable(file, `line ${String(line)} is not a mail log entry`);
  }
  return false;
};

/**
 * Loads the log into the store. A last line without its newline is a write the crash of an
 * earlier run cut short, before its call answered: it is cut off, so that the next entry starts
 * on a line of its own. Returns how many mail lines the log holds.
 */
const loadLog = (file: string): number => {
  const text = readFileSync(file, 'utf8');
  if (!text.startsWith(header)) throw unreadable(file, 'unknown format');
  const complete = text.lastIndexOf('\n') + 1;
  let mails = 0;
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
      if (applyEntry(entry, file, index + 1)) mails += 1;
    });
  if (complete < text.length) truncateSync(file, Buffer.byteLength(text.slice(0, complete)));
  return mails;
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
  replaceFile(file, header + lines.map((line) => `${line}\n`).join(''));
};

/**
 * How many mails the inbox keeps, newest first. aws-ses-v2-local keeps every mail in memory and
 * goes through all of them on each inbox read, and the log replays them all at start: about 3 kB
 * each, two per order, so a long-running system grew without bound. Ten thousand is days of
 * local orders.
 */
export const mailsKept = 10_000;

let mailFile: string | undefined;
let kept = mailsKept;
// Mail lines in the log, dropped mail included: the log is rewritten with only the kept mail
// when it would hold twice as many, so trimming costs one rewrite per `kept` mails.
let loggedMails = 0;

/** Drops the oldest mail beyond `kept`; whether any was dropped. */
const trim = (): boolean => {
  const { emails } = storeModule.getStoreReadonly();
  if (emails.length <= kept) return false;
  emails.splice(0, emails.length - kept);
  return true;
};

const rewriteLog = (file: string): void => {
  writeLog(file);
  loggedMails = storeModule.getStoreReadonly().emails.length;
};

// One write per change, before the handler answers: a 200 means the mail is on disk (in the
// operating system's hands: it survives the local cloud's crash, as the snapshot did).
const append = (entry: MailLogEntry): void => {
  if (mailFile !== undefined) appendFileSync(mailFile, `${JSON.stringify(entry)}\n`);
};

storeModule.saveEmail = (email) => {
  originals.saveEmail(email);
  trim();
  if (mailFile !== undefined && loggedMails + 1 >= 2 * kept) {
    rewriteLog(mailFile);
  } else {
    append({ email });
    loggedMails += 1;
  }
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
  if (mailFile !== undefined) rewriteLog(mailFile);
};

/**
 * Points aws-ses-v2-local's in-memory store (module-wide, so one per process) at `file`, a log
 * of JSON lines: loads the mail and templates kept there (or starts empty when there is no file,
 * or no `file`), then appends every change to it. `legacySnapshot` names the single-snapshot
 * file an earlier version kept instead: when `file` does not exist yet, its mail is carried over
 * into `file` and the snapshot removed. `undefined` keeps mail in memory only. Only the newest
 * `keep` mails are kept, in memory and, from its next rewrite, in the log.
 */
export const persistMailStore = (
  file: string | undefined,
  legacySnapshot?: string,
  keep: number = mailsKept,
): void => {
  if (!Number.isInteger(keep) || keep < 1) {
    throw new LocalCloudError(`The inbox must keep at least one mail, not ${String(keep)}.`);
  }
  mailFile = undefined;
  kept = keep;
  loggedMails = 0;
  originals.clearStore();
  if (file === undefined) return;
  if (existsSync(file)) {
    loggedMails = loadLog(file);
    if (trim()) rewriteLog(file);
  } else if (legacySnapshot !== undefined && existsSync(legacySnapshot)) {
    const snapshot = parseLegacySnapshot(readFileSync(legacySnapshot, 'utf8'), legacySnapshot);
    storeModule.getStoreReadonly().emails.push(...snapshot.emails);
    for (const [name, template] of Object.entries(snapshot.templates)) {
      originals.setTemplate(name, template);
    }
    trim();
    rewriteLog(file);
    rmSync(legacySnapshot);
  } else {
    rewriteLog(file);
  }
  mailFile = file;
};

/** Stops saving mail to disk and empties the in-memory store. */
export const releaseMailStore = (): void => {
  mailFile = undefined;
  originals.clearStore();
};
