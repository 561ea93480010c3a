import { existsSync, readFileSync } from 'node:fs';

const listenState = '0A';

const ipv4 = (hex: string): string =>
  (hex.match(/../g) ?? [])
    .map((byte) => Number.parseInt(byte, 16))
    .reverse()
    .join('.');

/**
 * Every local address with a socket listening on `port`, read from the kernel's socket tables
 * (Linux): `127.0.0.1`, `0.0.0.0`, or `ipv6:<hex>` for an IPv6 socket. Undefined where
 * /proc/net is missing.
 */
export const listeningAddresses = (port: number): string[] | undefined => {
  if (!existsSync('/proc/net/tcp')) return undefined;
  const found: string[] = [];
  for (const [file, family] of [
    ['/proc/net/tcp', 4],
    ['/proc/net/tcp6', 6],
  ] as const) {
    if (!existsSync(file)) continue;
    for (const line of readFileSync(file, 'utf8').split('\n').slice(1)) {
      const [, local, , state] = line.trim().split(/\s+/);
      if (local === undefined || state !== listenState) continue;
      const [address = '', portHex = ''] = local.split(':');
      if (Number.parseInt(portHex, 16) !== port) continue;
      found.push(family === 4 ? ipv4(address) : `ipv6:${address}`);
    }
  }
  return found;
};
