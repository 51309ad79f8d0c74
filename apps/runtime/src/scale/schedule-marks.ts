/**
 * Misfire `runOnce` across mains and workers: which ticks are already decided, so a catch-up and a tick's own job
 * never both run one tick. Two per-flow values in Redis:
 * - `mark` (hash `schedule-misfire`): ticks up to it are covered by a catch-up; a tick job at or below it is skipped.
 * - `seen` (hash `schedule-seen`, `lo:hi`): the ticks the latest tick job decided: its own tick, or for a late tick
 *   also those BullMQ skipped before the job was taken. A main's catch-up of a tick in it is refused (the tick is
 *   running, waiting in line, or was skipped by overlap). A range, not a high-water mark: a tick taken after a real
 *   gap must not refuse the catch-up of the gap.
 * Each is checked and set in one script, so a main's catch-up racing a tick's own job gives exactly one run.
 */
import type { Redis } from 'ioredis';
import { skippedKeyOf } from './schedule-lane';

// KEYS: mark, seen. ARGV: flowId, tickMs, late (0/1), activatedMs.
// 0: covered by a catch-up (skip). 1: run. 2: run as the catch-up (a late tick: the ticks before it never fired).
const TICK = `
local mark = tonumber(redis.call('HGET', KEYS[1], ARGV[1]) or '-1')
local t = tonumber(ARGV[2])
if t <= mark then return 0 end
if ARGV[3] == '1' then
  redis.call('HSET', KEYS[2], ARGV[1], t .. ':' .. math.max(t, tonumber(ARGV[4])))
  redis.call('HSET', KEYS[1], ARGV[1], t)
  return 2
end
redis.call('HSET', KEYS[2], ARGV[1], t .. ':' .. t)
return 1`;

// KEYS: mark, seen. ARGV: flowId, tickMs, coverMs (>= tickMs). 1: this caller owns the catch-up; 0: decided already.
const CLAIM = `
local t = tonumber(ARGV[2])
local mark = tonumber(redis.call('HGET', KEYS[1], ARGV[1]) or '-1')
if t <= mark then return 0 end
local seen = redis.call('HGET', KEYS[2], ARGV[1])
if seen then
  local lo, hi = string.match(seen, '^(%d+):(%d+)$')
  if lo and t >= tonumber(lo) and t <= tonumber(hi) then return 0 end
end
redis.call('HSET', KEYS[1], ARGV[1], math.max(t, tonumber(ARGV[3])))
return 1`;

export interface MisfireMarks {
  /**
   * A runOnce tick's own job: `skip` when a catch-up covers it, `misfire` for a late tick (it is the one catch-up;
   * the ticks BullMQ skipped before `activatedMs`, when the job was taken, count as decided), else `run`.
   */
  tick(
    flowId: string,
    tickMs: number,
    late: boolean,
    activatedMs: number,
  ): Promise<'run' | 'misfire' | 'skip'>;
  /**
   * A main's catch-up of `tickMs`: true for the one caller that should add it; ticks up to `coverMs` then count as
   * caught up (the job scheduler was just upserted, so it fires none of them).
   */
  claimCatchUp(flowId: string, tickMs: number, coverMs: number): Promise<boolean>;
}

export const markKeys = (prefix: string) =>
  [`${prefix}:schedule-misfire`, `${prefix}:schedule-seen`] as const;

/**
 * @example
 * const marks = createMisfireMarks(redis, 'idflow');
 * if (await marks.claimCatchUp('nightly', missed.getTime(), Date.now() - 1000)) await queue.add(...)
 */
export function createMisfireMarks(redis: Redis, prefix: string): MisfireMarks {
  const keys = markKeys(prefix);
  return {
    async tick(flowId, tickMs, late, activatedMs) {
      const args = [flowId, tickMs, late ? '1' : '0', activatedMs];
      const got = (await redis.eval(TICK, 2, ...keys, ...args)) as number;
      return got === 0 ? 'skip' : got === 2 ? 'misfire' : 'run';
    },
    async claimCatchUp(flowId, tickMs, coverMs) {
      return (await redis.eval(CLAIM, 2, ...keys, flowId, tickMs, Math.max(tickMs, coverMs))) === 1;
    },
  };
}

/** Every per-flow hash a schedule keeps in Redis (skipped counts, marks). */
const flowHashes = (prefix: string) => [skippedKeyOf(prefix), ...markKeys(prefix)];

/** Drops a flow's skipped count and marks (it was deleted or disabled): nothing is kept per flow forever. */
export async function forgetFlow(redis: Redis, prefix: string, flowId: string): Promise<void> {
  const tx = redis.multi();
  for (const key of flowHashes(prefix)) tx.hdel(key, flowId);
  await tx.exec();
}

/**
 * Drops the entries of every flow not in `keep` (flows deleted or disabled while no main was running): hash fields
 * and the flow's lane keys (`<prefix>:schedule-lane:<flowId>:holder|waiting`).
 */
export async function pruneFlows(redis: Redis, prefix: string, keep: ReadonlySet<string>): Promise<void> {
  for (const key of flowHashes(prefix)) {
    const gone = (await redis.hkeys(key)).filter((f) => !keep.has(f));
    if (gone.length > 0) await redis.hdel(key, ...gone);
  }
  const lanes = `${prefix}:schedule-lane:`;
  let cursor = '0';
  do {
    const [next, found] = await redis.scan(cursor, 'MATCH', `${lanes}*`, 'COUNT', 500);
    cursor = next;
    const gone = found.filter((k) => {
      const flowId = /^(.*):(?:holder|waiting)$/.exec(k.slice(lanes.length))?.[1];
      return flowId !== undefined && !keep.has(flowId);
    });
    if (gone.length > 0) await redis.del(...gone);
  } while (cursor !== '0');
}
