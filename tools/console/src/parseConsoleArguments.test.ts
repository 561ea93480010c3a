import { describe, expect, it } from 'vitest';
import { parseConsoleArguments, wantsHelp } from './parseConsoleArguments.ts';

describe('parseConsoleArguments', () => {
  it('reads the port and folders', () => {
    // Act
    const args = parseConsoleArguments([
      '--port',
      '4569',
      '--logs-dir',
      '/tmp/logs',
      '--services-dir',
      '/tmp/services',
    ]);

    // Assess
    expect(args).toEqual({ port: 4569, logsDir: '/tmp/logs', servicesDir: '/tmp/services' });
  });

  it('defaults the folders to the repo', () => {
    // Act
    const args = parseConsoleArguments(['--port', '0']);

    // Assess
    expect(args.logsDir).toMatch(/\/\.local\/logs$/);
    expect(args.servicesDir).toMatch(/\/services$/);
  });

  it.each([[[]], [['--port', 'x']], [['--port', '70000']]])(
    'refuses a missing or invalid port: %j',
    (argv) => {
      // Act
      const parse = (): unknown => parseConsoleArguments(argv);

      // Assess
      expect(parse).toThrow(/--port/);
    },
  );
});

describe('wantsHelp', () => {
  it.each([
    [['--help'], true],
    [['--port', '4569', '-h'], true],
    [['--port', '4569'], false],
  ])('%j asks for help: %s', (argv, expected) => {
    // Act
    const help = wantsHelp(argv);

    // Assess
    expect(help).toBe(expected);
  });
});
