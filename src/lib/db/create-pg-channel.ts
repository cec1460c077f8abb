import pg from 'pg';

/**
 * A PostgreSQL notification channel (LISTEN/NOTIFY) between the instances sharing a database:
 * `publish` notifies every listener, `subscribe` listens on a connection of its own that comes
 * back after a drop (a notification sent while it was away is missed; the callers keep a slower
 * sync for that).
 */
export function createPgChannel(databaseUrl: string, channel: string) {
  if (!/^[a-z_][a-z0-9_]*$/.test(channel)) throw new Error(`not a channel name: ${channel}`);
  const sender = new pg.Pool({ connectionString: databaseUrl, max: 1 });
  let listener: pg.Client | undefined;
  let closed = false;

  async function listen(handler: (payload: string) => void, retryMs: number): Promise<void> {
    if (closed) return;
    const client = new pg.Client({ connectionString: databaseUrl });
    const again = () => {
      if (closed || listener !== client) return;
      listener = undefined;
      setTimeout(() => void listen(handler, Math.min(retryMs * 2, 30_000)), retryMs).unref();
    };
    listener = client;
    client.on('error', again);
    client.on('end', again);
    client.on('notification', (message) => {
      if (message.channel === channel && message.payload !== undefined) handler(message.payload);
    });
    try {
      await client.connect();
      await client.query(`listen ${channel}`);
    } catch (error) {
      console.error(`Could not listen for ${channel} notifications (retrying):`, (error as Error).message);
      await client.end().catch(() => undefined);
      again();
    }
  }

  return {
    async publish(payload: string): Promise<void> {
      await sender.query('select pg_notify($1, $2)', [channel, payload]);
    },
    subscribe(handler: (payload: string) => void): Promise<void> {
      return listen(handler, 500);
    },
    async close(): Promise<void> {
      closed = true;
      const client = listener;
      listener = undefined;
      await client?.end().catch(() => undefined);
      await sender.end();
    },
  };
}

export type PgChannel = ReturnType<typeof createPgChannel>;
