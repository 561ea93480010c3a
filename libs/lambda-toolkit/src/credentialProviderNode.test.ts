import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  credentialsTreatedAsExpired,
  credentialsWillNeedRefresh,
  defaultProvider,
} from './credentialProviderNode.ts';

const CREDENTIAL_VARIABLES = [
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'AWS_CREDENTIAL_EXPIRATION',
  'AWS_CONTAINER_CREDENTIALS_FULL_URI',
  'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI',
];

const minutesFromNow = (minutes: number): Date => new Date(Date.now() + minutes * 60_000);

beforeEach(() => {
  for (const name of CREDENTIAL_VARIABLES) vi.stubEnv(name, undefined);
});

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('defaultProvider', () => {
  it("returns the role's credentials from the environment, as Lambda passes them", async () => {
    // Prepare
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'ASIAEXAMPLE');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'secret');
    vi.stubEnv('AWS_SESSION_TOKEN', 'token');

    // Act
    const credentials = await defaultProvider()();

    // Assess
    expect(credentials).toMatchObject({
      accessKeyId: 'ASIAEXAMPLE',
      secretAccessKey: 'secret',
      sessionToken: 'token',
    });
  });

  it('keeps static credentials for the life of the environment', async () => {
    // Prepare
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'first');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'secret');
    const provider = defaultProvider();
    await provider();
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'second');

    // Act
    const credentials = await provider();

    // Assess
    expect(credentials.accessKeyId).toBe('first');
  });

  it('reads the environment again once its credentials are about to expire', async () => {
    // Prepare
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'first');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'secret');
    vi.stubEnv('AWS_CREDENTIAL_EXPIRATION', minutesFromNow(2).toISOString());
    const provider = defaultProvider();
    await provider();
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'second');
    vi.stubEnv('AWS_CREDENTIAL_EXPIRATION', minutesFromNow(60).toISOString());

    // Act
    const credentials = await provider();

    // Assess
    expect(credentials.accessKeyId).toBe('second');
  });

  it('fails naming both sources when neither the environment nor a container endpoint has credentials', async () => {
    // Act
    const attempt = defaultProvider()();

    // Assess
    await expect(attempt).rejects.toThrow(/No credentials in the environment/);
  });

  it('asks the container credentials endpoint when the environment has none', async () => {
    // Prepare
    const endpoint = createServer((_request, response) => {
      response.setHeader('content-type', 'application/json');
      response.end(
        JSON.stringify({
          AccessKeyId: 'from-container',
          SecretAccessKey: 'secret',
          Token: 'token',
          Expiration: minutesFromNow(60).toISOString(),
        }),
      );
    });
    endpoint.listen(0, '127.0.0.1');
    await once(endpoint, 'listening');
    const { port } = endpoint.address() as AddressInfo;
    vi.stubEnv('AWS_CONTAINER_CREDENTIALS_FULL_URI', `http://127.0.0.1:${port}/credentials`);

    try {
      // Act
      const credentials = await defaultProvider()();

      // Assess
      expect(credentials).toMatchObject({ accessKeyId: 'from-container', sessionToken: 'token' });
    } finally {
      endpoint.close();
    }
  });
});

describe('credentialsTreatedAsExpired', () => {
  it.each([
    ['never, without an expiry', undefined, false],
    ['within five minutes of it', minutesFromNow(4), true],
    ['not before then', minutesFromNow(10), false],
  ])('treats credentials as expired %s', (_case, expiration, expired) => {
    // Prepare
    const credentials = {
      accessKeyId: 'a',
      secretAccessKey: 's',
      ...(expiration === undefined ? {} : { expiration }),
    };

    // Act
    const result = credentialsTreatedAsExpired(credentials);

    // Assess
    expect(result).toBe(expired);
    expect(credentialsWillNeedRefresh(credentials)).toBe(expiration !== undefined);
  });
});
