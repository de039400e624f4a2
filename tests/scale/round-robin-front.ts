import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A tiny load balancer: each request goes to the next process in turn (what a real front does). */
export async function startRoundRobinFront(targets: () => string[]) {
  let next = 0;
  const counts = new Map<string, number>();
  const server = createServer(async (request, response) => {
    const list = targets();
    const target = list[next++ % list.length]!;
    counts.set(target, (counts.get(target) ?? 0) + 1);
    try {
      const upstream = await fetch(`${target}${request.url}`, {
        method: request.method,
        headers: forwardable(request),
        body:
          request.method === 'GET' || request.method === 'HEAD'
            ? undefined
            : new Uint8Array(await readBody(request)),
      });
      const body = Buffer.from(await upstream.arrayBuffer());
      response.writeHead(upstream.status, {
        'content-type': upstream.headers.get('content-type') ?? 'text/plain',
      });
      response.end(body);
    } catch {
      response.writeHead(502).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    /** Requests sent to each process. */
    counts,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function forwardable(request: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers))
    if (typeof value === 'string' && !['host', 'connection', 'content-length'].includes(name))
      headers[name] = value;
  return headers;
}

function readBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}
