import { IncomingMessage } from 'node:http';

// Not passed on: the connection's own headers, and `expect` (the body is already here).
const hopByHop = new Set([
  'connection',
  'keep-alive',
  'transfer-encoding',
  'proxy-connection',
  'upgrade',
  'expect',
]);

/**
 * A copy of a request whose body has already been read, for a server in this process to read
 * again: same method, URL and headers (`Host` included), the body with its exact length, and no
 * headers of the connection itself. It shares the client's socket, so a server that watches it
 * (fauxqs ends a long poll when the client goes away) still sees the client leave.
 */
export const replayRequest = (incoming: IncomingMessage, body: Buffer): IncomingMessage => {
  const copy = new IncomingMessage(incoming.socket);
  copy.method = incoming.method ?? 'GET';
  copy.url = incoming.url ?? '/';
  copy.httpVersion = incoming.httpVersion;
  copy.httpVersionMajor = incoming.httpVersionMajor;
  copy.httpVersionMinor = incoming.httpVersionMinor;
  for (const [name, value] of Object.entries(incoming.headers)) {
    if (value !== undefined && !hopByHop.has(name)) copy.headers[name] = value;
  }
  copy.headers['content-length'] = String(body.length);
  const raw = incoming.rawHeaders;
  for (let index = 0; index + 1 < raw.length; index += 2) {
    const name = raw[index] ?? '';
    const lower = name.toLowerCase();
    if (!hopByHop.has(lower) && lower !== 'content-length') {
      copy.rawHeaders.push(name, raw[index + 1] ?? '');
    }
  }
  copy.rawHeaders.push('Content-Length', String(body.length));
  copy.push(body);
  copy.push(null);
  copy.complete = true;
  return copy;
};
