import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * Replaces `file` with `content`: written next to it, then renamed over it, so a crash midway
 * leaves the old file whole, never a part of the new one. Creates the folder when missing.
 */
export const replaceFile = (file: string, content: string): void => {
  mkdirSync(dirname(file), { recursive: true });
  const temporary = `${file}.${String(process.pid)}.tmp`;
  writeFileSync(temporary, content);
  renameSync(temporary, file);
};
