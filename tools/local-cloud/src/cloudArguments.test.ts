import { describe, expect, it } from 'vitest';
import { asUsageError, parseCloudArguments } from './cloudArguments.ts';
import { LocalCloudError, LocalCloudUsageError } from './errors.ts';

describe('parseCloudArguments', () => {
  it('reads the options passed after npm\'s "--"', () => {
    // Act
    const parsed = parseCloudArguments(
      ['--in-memory', '--no-iam', '--console-port', 'off'],
      {
        npm_config_cache: '/home/dev/.npm',
      },
      ['console-port'],
    );

    // Assess
    expect(parsed.options).toEqual({ inMemory: true, iam: false });
    expect(parsed.rest).toEqual({ 'console-port': 'off' });
  });

  it.each([['-h'], ['--help']])('asks for the usage with %s', (flag) => {
    // Act
    const parsed = parseCloudArguments([flag], {});

    // Assess
    expect(parsed.help).toBe(true);
  });

  it.each([[''], ['  ']])('refuses an empty --data-dir (%j)', (dir) => {
    // Act
    const attempt = () => parseCloudArguments([`--data-dir=${dir}`], {});

    // Assess
    expect(attempt).toThrow(LocalCloudUsageError);
    expect(attempt).toThrow('--data-dir needs a folder');
  });

  it.each([
    [{ npm_config_in_memory: 'true' }, '--in-memory'],
    [{ npm_config_iam: '' }, '--no-iam'],
    [
      { npm_config_console_port: 'true', npm_config_in_memory: 'true' },
      '--in-memory --console-port',
    ],
  ])('refuses to run without what npm kept for itself (%j)', (env, flags) => {
    // Act
    const attempt = () => parseCloudArguments([], env, ['console-port']);

    // Assess
    expect(attempt).toThrow(LocalCloudUsageError);
    expect(attempt).toThrow(`put the script's options after "--", as in "npm start -- ${flags}".`);
  });

  it('names the npm script that was run', () => {
    // Act
    const attempt = () =>
      parseCloudArguments([], { npm_config_iam: '', npm_lifecycle_event: 'local-cloud' });

    // Assess
    expect(attempt).toThrow('as in "npm run local-cloud -- --no-iam".');
  });

  it.each([
    [['--in-memroy'], "Unknown option '--in-memroy'"],
    [['--ports', '1,2'], '--ports'],
    [['--in-memory', '--data-dir', '/tmp/x'], 'Pass either --data-dir or --in-memory, not both.'],
  ])('refuses %j as a command line it cannot run', (argv, message) => {
    // Act
    const attempt = () => parseCloudArguments(argv, {});

    // Assess
    expect(attempt).toThrow(LocalCloudUsageError);
    expect(attempt).toThrow(message);
  });
});

describe('asUsageError', () => {
  it('turns a refusal of the local cloud into a usage error, keeping its words, and nothing else', () => {
    // Prepare
    const refused = new LocalCloudError('Port "x" of --console-port is not a number.');
    const bug = new TypeError('cannot read properties of undefined');

    // Act
    const attempts = [refused, bug].map((error) => {
      try {
        return asUsageError(() => {
          throw error;
        });
      } catch (caught) {
        return caught;
      }
    });

    // Assess
    expect(attempts[0]).toBeInstanceOf(LocalCloudUsageError);
    expect(attempts[0]).toMatchObject({ message: refused.message, cause: refused });
    expect(attempts[1]).toBe(bug);
    expect(asUsageError(() => 3001)).toBe(3001);
  });
});
