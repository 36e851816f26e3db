import { connect, createServer, type Socket } from "node:net";

/**
 * A TCP proxy in front of the server, for journeys about the network: `drop()` cuts every open
 * connection as a lost network would, and while `state.refuse` is set new ones get a 503 (as a
 * proxy in trouble would answer), so a reconnecting client has to back off and try again.
 */
export async function startDropProxy(targetPort: number) {
  const open = new Set<Socket>();
  const all = new Set<Socket>();
  const state = { refuse: false };
  const server = createServer((client) => {
    all.add(client);
    client.on("close", () => all.delete(client));
    if (state.refuse) {
      client.on("error", () => client.destroy());
      client.end("HTTP/1.1 503 Service Unavailable\r\ncontent-length: 0\r\nconnection: close\r\n\r\n");
      return;
    }
    const upstream = connect(targetPort, "127.0.0.1");
    all.add(upstream);
    const close = () => {
      client.destroy();
      upstream.destroy();
      open.delete(client);
      all.delete(upstream);
    };
    open.add(client);
    client.pipe(upstream);
    upstream.pipe(client);
    client.on("error", close).on("close", close);
    upstream.on("error", close).on("close", close);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (!address || typeof address === "string") throw new Error("proxy has no port");
  return {
    url: `http://127.0.0.1:${address.port}`,
    state,
    /** Cuts every proxied connection now; returns how many there were. */
    drop() {
      const n = open.size;
      for (const s of open) s.destroy();
      open.clear();
      return n;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const s of all) s.destroy();
      }),
  };
}
