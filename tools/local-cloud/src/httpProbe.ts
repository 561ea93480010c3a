import { get } from 'node:http';

/** What a probed server answered. */
export interface ProbeAnswer {
  readonly status: number;
  readonly body: string;
}

const maxBodyBytes = 64 * 1024;

/**
 * GETs `url` on a fresh connection that is always destroyed afterwards (fetch's pool can keep
 * a socket to a silent server open), and resolves undefined on any error or after `timeoutMs`.
 */
export const httpProbe = (url: string, timeoutMs = 1_000): Promise<ProbeAnswer | undefined> =>
  new Promise((resolve) => {
    const request = get(url, { agent: false, timeout: timeoutMs }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        if (body.length < maxBodyBytes) body += chunk;
      });
      response.once('end', () => {
        request.destroy();
        resolve({ status: response.statusCode ?? 0, body });
      });
      response.once('error', () => {
        request.destroy();
        resolve(undefined);
      });
    });
    request.once('timeout', () => {
      request.destroy();
      resolve(undefined);
    });
    request.once('error', () => {
      resolve(undefined);
    });
  });
