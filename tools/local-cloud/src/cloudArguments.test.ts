import { describe, expect, it } from 'vitest';
import { parseCloudArguments } from './cloudArguments.ts';
import { LocalCloudError } from './errors.ts';

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
    expect(attempt).toThrow(LocalCloudError);
    expect(attempt).toThrow(`put the script's options after "--", as in "npm start -- ${flags}".`);
  });

  it('names the npm script that was run', () => {
    // Act
    const attempt = () =>
      parseCloudArguments([], { npm_config_iam: '', npm_lifecycle_event: 'local-cloud' });

    // Assess
    expect(attempt).toThrow('as in "npm run local-cloud -- --no-iam".');
  });
});
