/** Run events across processes: workers publish on Redis pub/sub, each main process feeds them into its SSE bus. */
import type { Redis } from 'ioredis';
import { z } from 'zod';
import type { BusEvent } from '../events-bus';
import { createRedisClient } from './redis-connect';

export const DEFAULT_EVENTS_CHANNEL = 'idflow:events';

/** What travels on the channel: the bus event (already redacted by the run service) and the worker that ran it. */
const WireSchema = z.object({
  worker: z.string(),
  event: z.looseObject({ type: z.string(), runId: z.string(), flowId: z.string(), at: z.string() }),
});

export interface RedisEventPublisher {
  publish(event: BusEvent): void;
  close(): Promise<void>;
}

/** Publishes without waiting (fire and forget, in order on one connection); errors go to `onError`. */
export function createRedisEventPublisher(opts: {
  redisUrl: string;
  workerId: string;
  channel?: string;
  onError?: (err: unknown) => void;
}): RedisEventPublisher {
  const client = createRedisClient(opts.redisUrl, `idflow-events-pub-${opts.workerId}`);
  const channel = opts.channel ?? DEFAULT_EVENTS_CHANNEL;
  let last: Promise<unknown> = Promise.resolve();
  return {
    publish(event) {
      const { seq: _seq, ...plain } = event;
      last = client
        .publish(channel, JSON.stringify({ worker: opts.workerId, event: plain }))
        .catch((err) => opts.onError?.(err));
    },
    async close() {
      await last;
      await client.quit().catch(() => client.disconnect());
    },
  };
}

export interface RedisEventBridge {
  /** Resolves once the subscription is active. */
  ready: Promise<void>;
  close(): Promise<void>;
}

/**
 * Subscribes to run events from every worker. Wire `onEvent` to the main process's bus (`bus.publish(event)`),
 * so SSE clients see runs whichever worker executes them.
 * @example
 * const bridge = createRedisEventBridge({ redisUrl, onEvent: (e) => context.bus.publish(e) });
 * await bridge.ready;
 */
export function createRedisEventBridge(opts: {
  redisUrl: string;
  onEvent: (event: BusEvent, workerId: string) => void;
  channel?: string;
  onError?: (err: unknown) => void;
}): RedisEventBridge {
  const sub: Redis = createRedisClient(opts.redisUrl, 'idflow-events-sub');
  const channel = opts.channel ?? DEFAULT_EVENTS_CHANNEL;
  sub.on('message', (ch: string, message: string) => {
    if (ch !== channel) return;
    try {
      const wire = WireSchema.parse(JSON.parse(message));
      opts.onEvent(wire.event as unknown as BusEvent, wire.worker);
    } catch (err) {
      opts.onError?.(err);
    }
  });
  const ready = sub.subscribe(channel).then(() => undefined);
  ready.catch((err) => opts.onError?.(err));
  return {
    ready,
    async close() {
      await sub.quit().catch(() => sub.disconnect());
    },
  };
}
