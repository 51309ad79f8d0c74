/**
 * Overlap `skip`/`queue` across workers: a per-flow lane in Redis. One holder at a time (the BullMQ job id of the
 * tick being run, with a lease so a crashed worker's hold ends by itself) and, for `queue`, the ticks waiting for it
 * in a sorted set (score = tick time, so they start in tick order). A waiting tick has no job and no run record:
 * when the holder leaves, its worker adds one job for the first waiting tick (job id derived from the run id, so a
 * second hand-off of the same tick is the same job). No job polls while it waits.
 */
import type { Redis } from 'ioredis';

// KEYS: holder, waiting (zset member → tickMs), skipped (hash flowId → count). ARGV: token, member, tickMs, mode
// ('skip' | 'queue'), max waiting, leaseMs, flowId.
// {1}: hold the lane (run now). {0}: skipped (busy under `skip`, or the line is full). {2}: waiting in line.
// {3, head, tick, waits}: the lane is free but an earlier tick waits (its hand-off was lost): hand the lane to it
// first; this tick is then in line (waits 1) or skipped (0).
const GATE = `
local h = redis.call('GET', KEYS[1])
if h == ARGV[1] then
  redis.call('PEXPIRE', KEYS[1], ARGV[6])
  return {1}
end
local inLine = redis.call('ZSCORE', KEYS[2], ARGV[2])
local function wait()
  if ARGV[4] == 'skip' then return false end
  if inLine then return true end
  if redis.call('ZCARD', KEYS[2]) >= tonumber(ARGV[5]) then return false end
  redis.call('ZADD', KEYS[2], ARGV[3], ARGV[2])
  return true
end
if h then
  if wait() then return {2} end
  redis.call('HINCRBY', KEYS[3], ARGV[7], 1)
  return {0}
end
local head = redis.call('ZRANGE', KEYS[2], 0, 0, 'WITHSCORES')
if head[1] and head[1] ~= ARGV[2] and tonumber(head[2]) <= tonumber(ARGV[3]) then
  local waits = wait()
  if not waits then redis.call('HINCRBY', KEYS[3], ARGV[7], 1) end
  return {3, head[1], head[2], waits and 1 or 0}
end
redis.call('ZREM', KEYS[2], ARGV[2])
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[6])
return {1}`;

// ARGV: token. Frees the lane if `token` holds it; returns the first waiting tick when the lane is free.
const RELEASE = `
local h = redis.call('GET', KEYS[1])
if h == ARGV[1] then redis.call('DEL', KEYS[1]) elseif h then return {} end
return redis.call('ZRANGE', KEYS[2], 0, 0, 'WITHSCORES')`;

const RENEW = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 0`;

/** A tick in line: its run id and whether it is a misfire catch-up (`<runId>` or `<runId>/misfire`). */
export interface LaneTick {
  runId: string;
  tickMs: number;
  misfire: boolean;
}

export type LaneGate =
  | { state: 'hold' }
  | { state: 'skipped' }
  | { state: 'waiting' }
  | { state: 'handoff'; first: LaneTick; waits: boolean };

export interface ScheduleLane {
  /**
   * Asks for the lane for one tick. `token` is the job's id (the same on re-delivery, so a re-delivered holder
   * holds again); `max` bounds the ticks waiting (Infinity for a tick already accepted into the line).
   */
  gate(flowId: string, token: string, tick: LaneTick, mode: 'skip' | 'queue', max: number): Promise<LaneGate>;
  /** Lets the lane go; the first waiting tick (to hand the lane to) when the lane is now free. */
  release(flowId: string, token: string): Promise<LaneTick | undefined>;
  renew(flowId: string, token: string): Promise<void>;
  /** Takes one tick out of the line, counted as skipped (it kept failing). */
  drop(flowId: string, tick: LaneTick): Promise<void>;
  /** Drops every waiting tick (the flow was disabled, deleted, or no longer queues). */
  clear(flowId: string): Promise<void>;
  waiting(flowId: string): Promise<LaneTick[]>;
  /** Ticks skipped by the lane (busy under `skip`, line full under `queue`), across all workers. */
  skipped(flowId: string): Promise<number>;
}

/** Hash flowId → ticks skipped by the lane. */
export const skippedKeyOf = (prefix: string) => `${prefix}:schedule-skipped`;

const memberOf = (t: LaneTick) => (t.misfire ? `${t.runId}/misfire` : t.runId);
const tickOf = (member: string, score: string): LaneTick => ({
  runId: member.replace(/\/misfire$/, ''),
  tickMs: Number(score),
  misfire: member.endsWith('/misfire'),
});

/**
 * @example
 * const lane = createScheduleLane(redis, 'idflow', { leaseMs: 30_000 });
 * const g = await lane.gate('nightly', job.id, { runId, tickMs, misfire: false }, 'queue', MAX_PENDING);
 * if (g.state === 'hold') try { ... } finally { const next = await lane.release('nightly', job.id); ... }
 */
export function createScheduleLane(
  redis: Redis,
  prefix: string,
  opts: { leaseMs?: number } = {},
): ScheduleLane {
  const leaseMs = opts.leaseMs ?? 30_000;
  const base = (flowId: string) => `${prefix}:schedule-lane:${flowId}`;
  const keys = (flowId: string) => [`${base(flowId)}:holder`, `${base(flowId)}:waiting`] as const;
  const skippedKey = skippedKeyOf(prefix);
  return {
    async gate(flowId, token, tick, mode, max) {
      const limit = Number.isFinite(max) ? max : Number.MAX_SAFE_INTEGER;
      const args = [token, memberOf(tick), tick.tickMs, mode, limit, leaseMs, flowId];
      const got = (await redis.eval(GATE, 3, ...keys(flowId), skippedKey, ...args)) as [
        number,
        string?,
        string?,
        number?,
      ];
      if (got[0] === 1) return { state: 'hold' };
      if (got[0] === 0) return { state: 'skipped' };
      if (got[0] === 2) return { state: 'waiting' };
      return { state: 'handoff', first: tickOf(got[1] ?? '', got[2] ?? '0'), waits: got[3] === 1 };
    },
    async release(flowId, token) {
      const head = (await redis.eval(RELEASE, 2, ...keys(flowId), token)) as string[];
      return head[0] ? tickOf(head[0], head[1] ?? '0') : undefined;
    },
    async renew(flowId, token) {
      await redis.eval(RENEW, 1, keys(flowId)[0], token, String(leaseMs));
    },
    async drop(flowId, tick) {
      if ((await redis.zrem(keys(flowId)[1], memberOf(tick))) > 0) await redis.hincrby(skippedKey, flowId, 1);
    },
    async clear(flowId) {
      await redis.del(keys(flowId)[1]);
    },
    async waiting(flowId) {
      const flat = await redis.zrange(keys(flowId)[1], '0', '-1', 'WITHSCORES');
      const out: LaneTick[] = [];
      for (let i = 0; i < flat.length; i += 2) out.push(tickOf(flat[i]!, flat[i + 1]!));
      return out;
    },
    async skipped(flowId) {
      return Number((await redis.hget(skippedKey, flowId)) ?? 0);
    },
  };
}
