import { parseArgs } from 'node:util';
import { describe, expect, it } from 'vitest';
import { parseArgsErrorMessage } from './parseArgsErrorMessage.ts';

const errorOf = (args: string[], allowPositionals: boolean): unknown => {
  try {
    parseArgs({ args, strict: true, allowPositionals, options: { max: { type: 'string' } } });
  } catch (error) {
    return error;
  }
  throw new Error('parseArgs accepted the command line');
};

describe('parseArgsErrorMessage', () => {
  it("keeps Node's reason and drops its advice on positionals", () => {
    // Act
    const message = parseArgsErrorMessage(errorOf(['list', '--bogus'], true));

    // Assess
    expect(message).toBe("Unknown option '--bogus'.");
  });

  it('leaves a message without that advice as it is', () => {
    // Act
    const message = parseArgsErrorMessage(errorOf(['--max'], false));

    // Assess
    expect(message).toBe("Option '--max <value>' argument missing");
  });
});
