import { build } from 'esbuild';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  DomainError,
  InvalidSealedTokenError,
  PermanentError,
  ToolkitError,
  TransientError,
} from './errors.ts';

class ContactBusyError extends TransientError {
  public override readonly name = 'ContactBusyError';

  public constructor(customerId: string, options?: ErrorOptions) {
    super(`Contact ${customerId} changed concurrently`, options);
  }
}

class UnknownOrderError extends PermanentError {
  public override readonly name = 'UnknownOrderError';

  public constructor(orderId: string) {
    super(`Order ${orderId} does not exist`, { httpStatus: 404 });
  }
}

describe('domain errors', () => {
  it('say whether retrying helps, through the class they extend', () => {
    // Act
    const busy = new ContactBusyError('cus-1');
    const unknown = new UnknownOrderError('ord-1');

    // Assess
    expect(busy).toBeInstanceOf(DomainError);
    expect(busy.retryable).toBe(true);
    expect(unknown).toBeInstanceOf(DomainError);
    expect(unknown.retryable).toBe(false);
  });

  it('are named after their concrete class and keep their cause', () => {
    // Prepare
    const cause = new Error('ConditionalCheckFailed');

    // Act
    const error = new ContactBusyError('cus-1', { cause });

    // Assess
    expect(error.name).toBe('ContactBusyError');
    expect(error.cause).toBe(cause);
    expect(error).toBeInstanceOf(ToolkitError);
  });

  it('carry the HTTP status they stand for, and none unless given', () => {
    // Act
    const unknown = new UnknownOrderError('ord-1');
    const plain = new PermanentError('broken invariant', { cause: 'x' });

    // Assess
    expect(unknown.httpStatus).toBe(404);
    expect(plain.httpStatus).toBeUndefined();
    expect(plain.cause).toBe('x');
  });

  it('tell a missing sealed token from one that does not open, both a 400', () => {
    // Prepare
    const cause = new Error('unable to authenticate data');

    // Act
    const missing = new InvalidSealedTokenError('unsubscribe', { missing: true });
    const invalid = new InvalidSealedTokenError('unsubscribe', { cause });

    // Assess
    expect(missing.message).toBe('The unsubscribe token is missing');
    expect(invalid.message).toBe('The unsubscribe token is not valid');
    expect([missing.httpStatus, invalid.httpStatus]).toEqual([400, 400]);
    expect(invalid.cause).toBe(cause);
    expect(missing).not.toHaveProperty('missing');
  });

  it('keep their names in a minified bundle, which renames classes', async () => {
    // Prepare
    const { outputFiles } = await build({
      entryPoints: [join(import.meta.dirname, 'errors.ts')],
      bundle: true,
      minify: true,
      format: 'cjs',
      platform: 'node',
      write: false,
    });
    const dir = mkdtempSync(join(tmpdir(), 'errors-bundle-'));
    const file = join(dir, 'errors.cjs');
    writeFileSync(file, outputFiles[0]?.contents ?? '');

    // Act
    const exported = createRequire(import.meta.url)(file) as Record<string, unknown>;
    rmSync(dir, { recursive: true });
    const errorClasses = Object.entries(exported).filter(
      (entry): entry is [string, new (argument: never[]) => Error] =>
        typeof entry[1] === 'function' && entry[1].prototype instanceof Error,
    );

    // Assess
    expect(errorClasses.map(([exportName]) => exportName)).toContain('InvalidEventError');
    for (const [exportName, ErrorClass] of errorClasses) {
      expect(new ErrorClass([]).name).toBe(exportName);
    }
  });
});
