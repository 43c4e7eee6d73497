import * as net from 'node:net';

/**
 * `close`: drop both sockets (the client sees the connection end);
 * `reset`: send a TCP reset to the client;
 * `stall`: swallow the statement and everything after it, keeping the sockets open.
 */
export type ProxyFault = 'close' | 'reset' | 'stall';

export interface FaultyProxy {
  port: number;
  /** Client-side sockets accepted so far. */
  accepted(): number;
  /** Client-side sockets not yet closed. */
  openClientSockets(): number;
  faultsInjected(): number;
  close(): Promise<void>;
}

const COM_QUERY = 0x03;

/**
 * A TCP proxy to a MySQL server that forwards the handshake and the first statements
 * untouched and injects `fault` when the client sends statement number `onStatement`.
 */
export async function startFaultyProxy(
  upstream: { host: string; port: number },
  fault: ProxyFault,
  onStatement: number,
): Promise<FaultyProxy> {
  const clients = new Set<net.Socket>();
  let accepted = 0;
  let faults = 0;

  const server = net.createServer((client) => {
    accepted++;
    clients.add(client);
    const upstreamSocket = net.connect(upstream.port, upstream.host);
    let pending = Buffer.alloc(0);
    let statements = 0;
    let stalled = false;

    const tearDown = () => {
      client.destroy();
      upstreamSocket.destroy();
    };
    client.on('close', () => {
      clients.delete(client);
      upstreamSocket.destroy();
    });
    client.on('error', tearDown);
    upstreamSocket.on('error', tearDown);
    upstreamSocket.on('close', () => client.destroy());
    upstreamSocket.on('data', (chunk) => client.write(chunk));

    client.on('data', (chunk) => {
      if (stalled) {
        return;
      }
      pending = Buffer.concat([pending, chunk]);
      while (pending.length >= 4) {
        const packetLength = 4 + pending.readUIntLE(0, 3);
        if (pending.length < packetLength) {
          return;
        }
        const packet = pending.subarray(0, packetLength);
        pending = pending.subarray(packetLength);
        const sequenceId = packet[3];
        if (sequenceId === 0 && packet[4] === COM_QUERY && ++statements === onStatement) {
          faults++;
          if (fault === 'stall') {
            stalled = true;
          } else if (fault === 'reset') {
            upstreamSocket.destroy();
            client.resetAndDestroy();
          } else {
            tearDown();
          }
          return;
        }
        upstreamSocket.write(packet);
      }
    });
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    accepted: () => accepted,
    openClientSockets: () => clients.size,
    faultsInjected: () => faults,
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of clients) {
          client.destroy();
        }
        server.close(() => resolve());
      }),
  };
}
