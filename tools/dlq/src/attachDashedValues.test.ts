import { describe, expect, it } from 'vitest';
import { attachDashedValues } from './attachDashedValues.ts';

describe('attachDashedValues', () => {
  it('joins a named option to a value that starts with a dash and a digit', () => {
    // Act
    const args = attachDashedValues(
      ['replay', '--from', '-5m', '--to', '-1h', '--max', '-1'],
      ['--from', '--to'],
    );

    // Assess
    expect(args).toEqual(['replay', '--from=-5m', '--to=-1h', '--max', '-1']);
  });

  it('leaves an option followed by another option, or last, as it is', () => {
    // Act
    const args = attachDashedValues(['--from', '--json', '--to'], ['--from', '--to']);

    // Assess
    expect(args).toEqual(['--from', '--json', '--to']);
  });
});
