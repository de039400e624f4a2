import { connect, createServer, type Server, type Socket } from 'node:net';

/**
 * A loopback TCP proxy to a service (PostgreSQL, Redis) that a test can cut and restore, to make the
 * service unreachable for the app without touching the shared server.
 */
export async function startTcpProxy(target: string) {
  const { hostname, port: targetPort } = new URL(target);
  const sockets = new Set<Socket>();
  let server: Server | undefined;
  let port = 0;
  const listen = () =>
    new Promise<void>((resolve) => {
      server = createServer((client) => {
        const upstream = connect(Number(targetPort), hostname);
        // Either side gone: the other goes too, as when the service itself drops the connection.
        for (const [socket, other] of [
          [client, upstream],
          [upstream, client],
        ] as const) {
          sockets.add(socket);
          socket.on('close', () => {
            sockets.delete(socket);
            other.destroy();
          });
          socket.on('error', () => {});
        }
        client.pipe(upstream).pipe(client);
      });
      server.listen(port, '127.0.0.1', () => {
        port = (server!.address() as { port: number }).port;
        resolve();
      });
    });
  await listen();
  const cut = () =>
    new Promise<void>((resolve) => {
      for (const socket of sockets) socket.destroy();
      server!.close(() => resolve());
    });
  return {
    /** The service's URL with the proxy's port in it. */
    url(serviceUrl: string): string {
      const url = new URL(serviceUrl);
      url.port = String(port);
      return url.toString();
    },
    /** Drops every connection and refuses new ones. */
    cut,
    restore: listen,
    close: cut,
  };
}
