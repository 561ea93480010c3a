import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { shellQuoted } from './shellQuoted.ts';

describe('shellQuoted', () => {
  it('leaves a plain path as it is', () => {
    // Act
    const quoted = shellQuoted('/tmp/conveyor-logs_1/a.b');

    // Assess
    expect(quoted).toBe('/tmp/conveyor-logs_1/a.b');
  });

  it.each(["/tmp/Bob's logs", 'a b', '$HOME', 'x;rm -rf y', '', 'tab\there', '"q"'])(
    'quotes %j so that a shell reads it back as the same one word',
    (text) => {
      // Act
      const quoted = shellQuoted(text);

      // Assess
      const echoed = execFileSync('sh', ['-c', `printf %s ${quoted}`], { encoding: 'utf8' });
      expect(echoed).toBe(text);
    },
  );
});
