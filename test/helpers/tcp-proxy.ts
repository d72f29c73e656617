// A TCP proxy in front of a real server (Postgres, Redis) that a test can break on purpose:
//   cut()     — drop every open connection and refuse new ones (the server is "down");
//   stall()   — keep connections open but forward nothing, either way (a hung server / network);
//   restore() — forward again (stalled bytes are delivered; cut connections stay closed).
import { createServer, type Server, type Socket, connect } from "node:net";

export interface TcpProxy {
  /** host:port of the proxy, e.g. for a URL. */
  host: string;
  port: number;
  /** `url` with its host and port replaced by the proxy's. */
  urlFor(url: string): string;
  /** `scheme://127.0.0.1:<proxy port><path>`, for a service addressed by scheme alone (redis://). */
  url(scheme: string, path?: string): string;
  cut(): void;
  stall(): void;
  /**
   * Forward again. Stalled bytes are delivered late — or, with `dropStalled`, the stalled
   * connections are closed and their bytes lost (a partition that ends in a reset).
   */
  restore(options?: { dropStalled?: boolean }): void;
  close(): Promise<void>;
}

type Mode = "open" | "cut" | "stalled";

export async function startTcpProxy(target: { host?: string; port: number }): Promise<TcpProxy> {
  const host = target.host ?? "127.0.0.1";
  let mode: Mode = "open";
  const pairs = new Set<[Socket, Socket]>();

  const server: Server = createServer((client) => {
    if (mode === "cut") {
      client.destroy();
      return;
    }
    const upstream = connect(target.port, host);
    const pair: [Socket, Socket] = [client, upstream];
    pairs.add(pair);
    const drop = () => {
      client.destroy();
      upstream.destroy();
      pairs.delete(pair);
    };
    client.on("error", drop).on("close", drop);
    upstream.on("error", drop).on("close", drop);
    // A connection opened while stalled is held unpiped; restore() pipes it (piping it here too
    // would pipe it twice then, delivering every byte twice).
    if (mode === "stalled") {
      client.pause();
      upstream.pause();
    } else {
      client.pipe(upstream);
      upstream.pipe(client);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as { port: number }).port;

  // pipe() resumes a paused source when the destination drains, so stalling unpipes as well.
  const setFlow = (flowing: boolean) => {
    for (const [client, upstream] of pairs) {
      if (flowing) {
        // Never two pipes between the same pair (each would deliver every byte).
        client.unpipe(upstream);
        upstream.unpipe(client);
        client.pipe(upstream);
        upstream.pipe(client);
        client.resume();
        upstream.resume();
      } else {
        client.unpipe(upstream);
        upstream.unpipe(client);
        client.pause();
        upstream.pause();
      }
    }
  };

  const proxy: TcpProxy = {
    host: "127.0.0.1",
    port,
    urlFor(url) {
      const u = new URL(url);
      u.hostname = "127.0.0.1";
      u.port = String(port);
      return u.toString();
    },
    url: (scheme, path = "") => `${scheme}://127.0.0.1:${port}${path}`,
    cut() {
      mode = "cut";
      for (const [client, upstream] of [...pairs]) {
        client.destroy();
        upstream.destroy();
      }
      pairs.clear();
    },
    stall() {
      mode = "stalled";
      setFlow(false);
    },
    restore(options = {}) {
      if (mode === "stalled" && options.dropStalled) proxy.cut();
      else if (mode === "stalled") setFlow(true);
      mode = "open";
    },
    async close() {
      proxy.cut();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return proxy;
}
