import net from 'node:net';

/**
 * A TCP pass-through on 127.0.0.1 in front of a stand-in, which a test can cut: every open
 * connection is reset and new ones are reset on arrival until `restore()`. To a client this is
 * what an unreachable AWS endpoint looks like (ECONNRESET), whatever the process behind it does.
 */
export interface TcpProxy {
  endpoint: string;
  port: number;
  /** Resets every open connection and every new one until restore(); returns how many it reset. */
  cut(): number;
  restore(): void;
  stop(): Promise<void>;
}

export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  const open = new Set<net.Socket>();
  let down = false;
  const server = net.createServer((client) => {
    if (down) {
      client.resetAndDestroy();
      return;
    }
    const upstream = net.connect(target.port, target.host);
    open.add(client);
    open.add(upstream);
    const close = () => {
      client.destroy();
      upstream.destroy();
      open.delete(client);
      open.delete(upstream);
    };
    client.on('error', close).on('close', close);
    upstream.on('error', close).on('close', close);
    client.pipe(upstream);
    upstream.pipe(client);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as net.AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    port,
    cut() {
      down = true;
      const connections = open.size / 2; // each connection is two sockets: the client's and upstream
      for (const socket of open) socket.resetAndDestroy();
      open.clear();
      return connections;
    },
    restore() {
      down = false;
    },
    stop() {
      for (const socket of open) socket.destroy();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
