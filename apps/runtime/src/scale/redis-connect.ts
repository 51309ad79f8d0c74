/** Reaching Redis: a ping with a timeout before BullMQ starts (ioredis retries forever), and connection options. */
import { Redis } from 'ioredis';

/** Redis could not be reached: the message names host:port and what to check. */
export class RedisUnavailableError extends Error {
  constructor(
    readonly target: string,
    readonly reason: string,
  ) {
    super(
      `Redis at ${target} is not reachable (${reason}). Check that Redis is running and listening there, that ` +
        'IDFLOW_REDIS_URL (redis://[:password@]host:port[/db]) is right, and that no firewall is in the way. ' +
        'Queue mode (IDFLOW_MODE=main or worker) needs Redis; unset IDFLOW_MODE to run in one process.',
    );
    this.name = 'RedisUnavailableError';
  }
}

/** "host:port" of a Redis URL, without credentials. */
export function redisTarget(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname || '127.0.0.1'}:${u.port || '6379'}`;
  } catch {
    return 'the configured address';
  }
}

/** Options BullMQ needs on its connections (`maxRetriesPerRequest: null` for blocking commands). */
export function bullConnection(url: string): { url: string; maxRetriesPerRequest: null } {
  return { url, maxRetriesPerRequest: null };
}

/** A plain client (publish, semaphores) that fails commands instead of queueing them forever while Redis is down. */
export function createRedisClient(url: string, name: string): Redis {
  const client = new Redis(url, { connectionName: name, maxRetriesPerRequest: 3, enableReadyCheck: true });
  client.on('error', () => {});
  return client;
}

/**
 * Connects once, PINGs, disconnects; throws RedisUnavailableError after `timeoutMs` or on refusal. Never retries.
 * @example await checkRedis(process.env.IDFLOW_REDIS_URL ?? 'redis://127.0.0.1:6379');
 */
export async function checkRedis(url: string, timeoutMs = 3_000): Promise<number> {
  const started = performance.now();
  const client = new Redis(url, {
    lazyConnect: true,
    connectTimeout: timeoutMs,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    enableOfflineQueue: false,
  });
  let lastError: Error | undefined;
  client.on('error', (err: Error) => {
    lastError = err;
  });
  let timer: NodeJS.Timeout | undefined;
  try {
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
    });
    await Promise.race([client.connect().then(() => client.ping()), timeout]);
    return performance.now() - started;
  } catch (err) {
    const e = lastError ?? (err instanceof Error ? err : new Error(String(err)));
    const code = (e as { code?: unknown }).code;
    throw new RedisUnavailableError(
      redisTarget(url),
      typeof code === 'string' ? `${code}: ${e.message}` : e.message,
    );
  } finally {
    clearTimeout(timer);
    client.disconnect();
  }
}
