/**
 * A small cluster on loopback for test:cluster: real Redis (redis-server), the
 * MongoDB-wire server CI started (MONGODB_URI), and server nodes as an operator runs them
 * (`server/main.ts` with REDIS_URL and MONGODB_URI), each in its own process.
 */
import { connect, createServer, type Server, type Socket } from "node:net";
import { startNodeProcess, type NodeProcess } from "../../server/cli/nodeProcess.js";

/** A server node: `server/main.ts` in its own process, with a name for messages. */
export interface Node extends NodeProcess {
  name: string;
}

/** Starts a node with these settings (on top of this process's environment) and waits until it listens. */
export async function startNode(name: string, env: Record<string, string>): Promise<Node> {
  try {
    return { name, ...(await startNodeProcess(env)) };
  } catch (e) {
    throw new Error(`node ${name}: ${(e as Error).message}`);
  }
}

/**
 * A TCP load balancer without stickiness: each new connection goes to the first node that accepts
 * it, in order (so after node A dies, clients land on node B).
 */
export interface Balancer {
  url: string;
  close(): Promise<void>;
}

export async function startBalancer(ports: () => number[]): Promise<Balancer> {
  const open = new Set<Socket>();
  const server: Server = createServer((client) => {
    open.add(client);
    client.on("close", () => open.delete(client));
    client.pause();
    const tryPort = (i: number) => {
      const list = ports();
      if (i >= list.length) {
        client.destroy();
        return;
      }
      const upstream = connect(list[i]!, "127.0.0.1");
      upstream.once("connect", () => {
        open.add(upstream);
        upstream.on("close", () => {
          open.delete(upstream);
          client.destroy();
        });
        client.on("close", () => upstream.destroy());
        upstream.on("error", () => client.destroy());
        client.on("error", () => upstream.destroy());
        client.pipe(upstream);
        upstream.pipe(client);
        client.resume();
      });
      upstream.once("error", () => tryPort(i + 1));
    };
    tryPort(0);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      for (const s of open) s.destroy();
      await new Promise((r) => server.close(r));
    },
  };
}
