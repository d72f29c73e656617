// A TCP proxy in front of a real dependency (Postgres, Redis, an HTTP API) that a test can break
// the way networks break: cut() closes every connection and refuses new ones (a crash, a
// failover), stall() accepts and forwards nothing (a partition: the peer hangs), restore() heals.
import { createConnection, createServer, type Server, type Socket } from "node:net";

export interface TcpProxy {
  /** host:port to connect to instead of the target. */
  readonly port: number;
  readonly url: (scheme: string, path?: string) => string;
  cut(): void;
  stall(): void;
  restore(): void;
  close(): Promise<void>;
}

type Mode = "open" | "cut" | "stall";

export async function startTcpProxy(target: { host?: string; port: number }): Promise<TcpProxy> {
  let mode: Mode = "open";
  const pairs = new Set<{ client: Socket; upstream: Socket | null }>();

  const server: Server = createServer((client) => {
    if (mode === "cut") {
      client.destroy();
      return;
    }
    const pair: { client: Socket; upstream: Socket | null } = { client, upstream: null };
    pairs.add(pair);
    const drop = () => {
      pairs.delete(pair);
      client.destroy();
      pair.upstream?.destroy();
    };
    client.on("error", drop);
    client.on("close", drop);
    // Stalled: hold the connection open, read nothing, forward nothing (cut or restore ends it).
    if (mode === "stall") {
      client.pause();
      return;
    }
    const upstream = createConnection({ host: target.host ?? "127.0.0.1", port: target.port });
    pair.upstream = upstream;
    upstream.on("error", drop);
    upstream.on("close", drop);
    client.pipe(upstream);
    upstream.pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as { port: number }).port;

  const destroyAll = () => {
    for (const { client, upstream } of pairs) {
      client.destroy();
      upstream?.destroy();
    }
    pairs.clear();
  };

  return {
    port,
    url: (scheme, path = "") => `${scheme}://127.0.0.1:${port}${path}`,
    cut() {
      mode = "cut";
      destroyAll();
    },
    stall() {
      mode = "stall";
      // Traffic on open connections stops both ways; the peers see a hang, not an error.
      for (const { client, upstream } of pairs) {
        client.pause();
        upstream?.pause();
        if (upstream) client.unpipe(upstream);
        upstream?.unpipe(client);
      }
    },
    restore() {
      // Stalled connections are broken for good (their bytes were dropped): close them, then accept again.
      if (mode === "stall") destroyAll();
      mode = "open";
    },
    close() {
      mode = "cut";
      destroyAll();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
