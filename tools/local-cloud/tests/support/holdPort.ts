import { createServer, type Socket } from 'node:net';

/** Occupies a free loopback port, as some other program would. */
export const holdPort = async (): Promise<{ port: number; release: () => Promise<void> }> => {
  const sockets = new Set<Socket>();
  // Drain and track connections (health probes), or close() would wait on them forever.
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.resume();
    socket.once('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => {
    server.listen(0, '127.0.0.1', resolve);
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('not a TCP server');
  return {
    port: address.port,
    release: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => {
          resolve();
        });
      }),
  };
};
