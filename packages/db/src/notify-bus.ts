import { randomUUID } from "node:crypto";
import { EventEmitter } from "node:events";
import pg from "pg";
import type { DbHandle } from "./create-db.js";

const CHANNEL = "tunix_rt_events";

/** Sent by the bus itself after it reconnected: messages may have been missed, so re-read. */
export interface ResyncMessage {
  type: "resync";
}

export interface NotifyBus<M extends { type: string } = { type: string }> {
  /** Delivers `message` to every subscriber in this process and, on a Postgres server, in all others. */
  publish(message: M): void;
  subscribe(fn: (message: M | ResyncMessage) => void): () => void;
  close(): Promise<void>;
}

/**
 * Cross-process wake-ups: Postgres LISTEN/NOTIFY on a server, an in-process emitter on PGlite
 * (one process owns an embedded database, so there is nobody else to tell). Messages are small
 * hints ("run X has lines up to seq N"); receivers read the data itself from the database.
 */
/** A bus for one process (embedded PGlite, tests). */
export function createLocalBus<M extends { type: string }>(): NotifyBus<M> {
  const local = new EventEmitter();
  local.setMaxListeners(0);
  return {
    publish: (m) => queueMicrotask(() => local.emit("m", m)),
    subscribe: (fn) => {
      local.on("m", fn);
      return () => local.off("m", fn);
    },
    close: async () => {
      local.removeAllListeners();
    },
  };
}

export async function createNotifyBus<M extends { type: string }>(handle: DbHandle): Promise<NotifyBus<M>> {
  if (handle.kind !== "postgres" || !handle.pool) return createLocalBus<M>();
  const local = new EventEmitter();
  local.setMaxListeners(0);
  const emit = (m: M | ResyncMessage) => local.emit("m", m);
  const origin = randomUUID();
  const pool = handle.pool;
  let listener: pg.Client | null = null;
  let closed = false;
  let retryMs = 250;
  const reconnectSoon = () => {
    if (closed) return;
    setTimeout(() => {
      connect().then(
        () => {
          retryMs = 250;
          // Messages sent while we were away are lost: tell subscribers to re-read.
          emit({ type: "resync" });
        },
        () => {
          retryMs = Math.min(10_000, retryMs * 2);
          reconnectSoon();
        },
      );
    }, retryMs).unref();
  };
  const connect = async () => {
    const c = new pg.Client((pool as unknown as { options: pg.ClientConfig }).options);
    let failed = false;
    c.on("notification", (n) => {
      if (!n.payload) return;
      try {
        const m = JSON.parse(n.payload) as M & { _o?: string };
        if (m._o === origin) return; // already delivered locally
        delete m._o;
        emit(m);
      } catch {
        // not ours
      }
    });
    c.on("error", () => {
      // pg may report one broken connection more than once: act once per client. An error while
      // connecting is the connect promise's to report (the caller retries).
      if (failed) return;
      failed = true;
      c.end().catch(() => {});
      if (listener === c) {
        listener = null;
        reconnectSoon();
      }
    });
    await c.connect();
    await c.query(`LISTEN ${CHANNEL}`);
    listener = c;
  };
  await connect();
  return {
    publish(m) {
      queueMicrotask(() => emit(m));
      const payload = JSON.stringify({ ...m, _o: origin });
      pool.query("SELECT pg_notify($1, $2)", [CHANNEL, payload]).catch(() => {});
    },
    subscribe(fn) {
      local.on("m", fn);
      return () => local.off("m", fn);
    },
    async close() {
      closed = true;
      local.removeAllListeners();
      await listener?.end().catch(() => {});
    },
  };
}
