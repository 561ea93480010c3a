import {
  appendFileSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Email, Store, Template } from 'aws-ses-v2-local/dist/store.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mailsKept, persistMailStore, releaseMailStore } from './mailStore.ts';

// The module aws-ses-v2-local's handlers call, as they call it.
const store = createRequire(import.meta.url)('aws-ses-v2-local/dist/store.js') as {
  saveEmail: (email: Email) => void;
  setTemplate: (key: string, value: Template) => unknown;
  deleteTemplate: (key: string) => boolean;
  clearStore: () => void;
  getStoreReadonly: () => Readonly<Store>;
};

const email = (messageId: string): Email => ({
  messageId,
  from: 'shop@example.com',
  replyTo: [],
  destination: { to: ['ada@example.com'], cc: [], bcc: [] },
  subject: `Order ${messageId}`,
  body: { text: 'Thank you' },
  attachments: [],
  at: 1_764_000_000,
});

const template = (name: string): Template => ({
  TemplateName: name,
  TemplateContent: { Subject: 'Hi {{name}}', Text: 'Hello {{name}}' },
  CreatedTimestamp: 1_764_000_000,
});

const lines = (file: string): string[] => readFileSync(file, 'utf8').split('\n').slice(0, -1);

const reload = (file: string, legacy?: string, keep?: number): void => {
  releaseMailStore();
  persistMailStore(file, legacy, keep);
};

const messageIds = (): string[] => store.getStoreReadonly().emails.map((mail) => mail.messageId);

const loggedMessageIds = (file: string): string[] =>
  lines(file)
    .map((line) => JSON.parse(line) as { email?: Email })
    .flatMap(({ email: mail }) => (mail === undefined ? [] : [mail.messageId]));

describe('persistMailStore', () => {
  let dir: string;
  let file: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'mail-store-'));
    file = join(dir, 'ses', 'mail.jsonl');
  });

  afterEach(() => {
    releaseMailStore();
    rmSync(dir, { recursive: true, force: true });
  });

  it('appends one line per mail, leaving what is already on disk as it was', () => {
    // Prepare
    persistMailStore(file);
    store.saveEmail(email('m-1'));
    const before = readFileSync(file, 'utf8');

    // Act
    store.saveEmail(email('m-2'));

    // Assess
    const after = readFileSync(file, 'utf8');
    expect(after.startsWith(before)).toBe(true);
    expect(after.slice(before.length)).toBe(`${JSON.stringify({ email: email('m-2') })}\n`);
  });

  it('loads every mail and template kept, in order, in a later run', () => {
    // Prepare
    persistMailStore(file);
    store.saveEmail(email('m-1'));
    store.setTemplate('kept', template('kept'));
    store.setTemplate('dropped', template('dropped'));
    store.deleteTemplate('dropped');
    store.saveEmail(email('m-2'));

    // Act
    reload(file);

    // Assess
    const loaded = store.getStoreReadonly();
    expect(loaded.emails.map((mail) => mail.messageId)).toEqual(['m-1', 'm-2']);
    expect([...loaded.templates.keys()]).toEqual(['kept']);
    expect(loaded.templates.get('kept')).toEqual(template('kept'));
  });

  it('empties the log when the store is cleared', () => {
    // Prepare
    persistMailStore(file);
    store.saveEmail(email('m-1'));

    // Act
    store.clearStore();
    reload(file);

    // Assess
    expect(store.getStoreReadonly().emails).toEqual([]);
    expect(lines(file)).toEqual([JSON.stringify({ version: 2 })]);
  });

  it('cuts off a last line a crash left unfinished, so the next mail is read back', () => {
    // Prepare
    persistMailStore(file);
    store.saveEmail(email('m-1'));
    releaseMailStore();
    appendFileSync(file, '{"email":{"messageId":"m-torn","fr');

    // Act
    persistMailStore(file);
    store.saveEmail(email('m-2'));
    reload(file);

    // Assess
    expect(store.getStoreReadonly().emails.map((mail) => mail.messageId)).toEqual(['m-1', 'm-2']);
  });

  it('carries the mail of the earlier single-snapshot file over and removes that file', () => {
    // Prepare
    const legacy = join(dir, 'ses-legacy.json');
    writeFileSync(
      legacy,
      JSON.stringify({
        version: 1,
        emails: [email('old-1'), email('old-2')],
        templates: { kept: template('kept') },
      }),
    );

    // Act
    persistMailStore(file, legacy);
    store.saveEmail(email('new-1'));
    reload(file, legacy);

    // Assess
    const loaded = store.getStoreReadonly();
    expect(loaded.emails.map((mail) => mail.messageId)).toEqual(['old-1', 'old-2', 'new-1']);
    expect(loaded.templates.get('kept')).toEqual(template('kept'));
    expect(existsSync(legacy)).toBe(false);
  });

  it('refuses a file that is not a mail log, naming it', () => {
    // Prepare
    persistMailStore(file);
    releaseMailStore();
    writeFileSync(file, 'not a log\n');

    // Act
    const load = (): void => {
      persistMailStore(file);
    };

    // Assess
    expect(load).toThrow(`Mail store ${file} is not readable (unknown format)`);
  });

  it('keeps only the newest mails, in memory and, once the log holds twice as many, on disk', () => {
    // Prepare
    persistMailStore(file, undefined, 3);
    store.setTemplate('kept', template('kept'));
    for (const id of ['m-1', 'm-2', 'm-3', 'm-4', 'm-5']) store.saveEmail(email(id));
    const appended = loggedMessageIds(file);

    // Act
    store.saveEmail(email('m-6'));

    // Assess
    expect(appended).toEqual(['m-1', 'm-2', 'm-3', 'm-4', 'm-5']);
    expect(messageIds()).toEqual(['m-4', 'm-5', 'm-6']);
    expect(loggedMessageIds(file)).toEqual(['m-4', 'm-5', 'm-6']);
    reload(file, undefined, 3);
    expect(messageIds()).toEqual(['m-4', 'm-5', 'm-6']);
    expect([...store.getStoreReadonly().templates.keys()]).toEqual(['kept']);
  });

  it('drops the oldest mails of a log that holds more than it keeps, when it loads', () => {
    // Prepare
    persistMailStore(file);
    for (const id of ['m-1', 'm-2', 'm-3']) store.saveEmail(email(id));

    // Act
    reload(file, undefined, 2);

    // Assess
    expect(messageIds()).toEqual(['m-2', 'm-3']);
    expect(loggedMessageIds(file)).toEqual(['m-2', 'm-3']);
  });

  it('keeps ten thousand mails unless told otherwise, and refuses to keep none', () => {
    // Prepare
    const keepNone = (): void => {
      persistMailStore(undefined, undefined, 0);
    };

    // Act
    persistMailStore(undefined);
    for (let index = 0; index <= mailsKept; index += 1)
      store.saveEmail(email(`m-${String(index)}`));

    // Assess
    expect(mailsKept).toBe(10_000);
    expect(messageIds()).toHaveLength(mailsKept);
    expect(messageIds()[0]).toBe('m-1');
    expect(keepNone).toThrow('The inbox must keep at least one mail, not 0.');
  });

  it('keeps mail in memory only without a file', () => {
    // Prepare
    persistMailStore(undefined);

    // Act
    store.saveEmail(email('m-1'));

    // Assess
    expect(store.getStoreReadonly().emails.map((mail) => mail.messageId)).toEqual(['m-1']);
    expect(existsSync(join(dir, 'ses'))).toBe(false);
  });
});
