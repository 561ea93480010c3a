import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * Serves `text()` (a service's output so far, say) on a loopback port, so tests in other
 * processes than the global setup's can read it.
 *
 * @example
 * ```ts
 * const output = await serveText(service.output);
 * project.provide('checkoutOutputUrl', output.url);
 * ```
 */
export const serveText = async (
  text: () => string,
  contentType = 'text/plain; charset=utf-8',
): Promise<{ url: string; close: () => Promise<void> }> => {
  const server = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': contentType });
    response.end(text());
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${String(port)}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => {
          resolve();
        });
      }),
  };
};
