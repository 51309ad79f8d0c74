/**
 * Per-flow concurrency across workers (BullMQ's group limits are Pro-only): a Redis sorted set per flow holds leases
 * (member = run id, score = lease expiry), so a crashed worker's slot frees itself when its lease runs out.
 */
import type { Redis } from 'ioredis';

const ACQUIRE = `
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
if redis.call('ZSCORE', KEYS[1], ARGV[4]) then
  redis.call('ZADD', KEYS[1], ARGV[2], ARGV[4])
  return 1
end
if redis.call('ZCARD', KEYS[1]) < tonumber(ARGV[3]) then
  redis.call('ZADD', KEYS[1], ARGV[2], ARGV[4])
  redis.call('PEXPIRE', KEYS[1], ARGV[5])
  return 1
end
return 0`;

export interface FlowSemaphore {
  /** True when `runId` got one of the flow's `limit` slots (or already held one). */
  acquire(flowId: string, runId: string): Promise<boolean>;
  release(flowId: string, runId: string): Promise<void>;
  /** Extends a held lease; call while the run goes on. */
  renew(flowId: string, runId: string): Promise<void>;
}

/**
 * @example
 * const sem = createFlowSemaphore(redis, 'idflow', 2);
 * if (await sem.acquire('onboard', runId)) try { ... } finally { await sem.release('onboard', runId); }
 */
export function createFlowSemaphore(
  redis: Redis,
  prefix: string,
  limit: number,
  leaseMs = 60_000,
): FlowSemaphore {
  const key = (flowId: string) => `${prefix}:flow-slots:${flowId}`;
  return {
    async acquire(flowId, runId) {
      const now = Date.now();
      const got = await redis.eval(ACQUIRE, 1, key(flowId), now, now + leaseMs, limit, runId, leaseMs * 2);
      return got === 1;
    },
    async release(flowId, runId) {
      await redis.zrem(key(flowId), runId);
    },
    async renew(flowId, runId) {
      await redis.zadd(key(flowId), 'XX', Date.now() + leaseMs, runId);
    },
  };
}
