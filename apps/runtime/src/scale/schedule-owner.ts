/**
 * Whether a scheduled run is still owned by the schedule side (start-up recovery must not enqueue it again). Its job
 * is never the run id: it is the tick's (`repeat:schedule:<flowId>:<tickMs>`, `misfire-<flowId>-<tickMs>`) or a held
 * tick's (`held-<runId>`), and a tick waiting in line has no job at all, only its place in the flow's lane.
 */
import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { schedulerId } from './queue-schedules';
import { heldJobId, scheduleRunId } from './schedule-ticks';

const SCHEDULER_PREFIX = schedulerId('');

/** The tick time a schedule run id carries in its first 48 bits (UUIDv7 shape, see scheduleRunId). */
const tickMsOf = (runId: string): number | undefined => {
  const hex = runId.replaceAll('-', '').slice(0, 12);
  return /^[0-9a-f]{12}$/.test(hex) ? Number.parseInt(hex, 16) : undefined;
};

async function isLive(queue: Queue, jobId: string): Promise<boolean> {
  const job = await queue.getJob(jobId);
  if (!job) return false;
  const state = await job.getState();
  return state !== 'completed' && state !== 'failed' && state !== 'unknown';
}

/** Flows with a job scheduler or a lane (a run of any other flow has no schedule job), and every tick in line. */
async function scheduleSide(
  queue: Queue,
  redis: Redis,
  prefix: string,
): Promise<{ flows: string[]; inLine: Set<string> }> {
  const flows = new Set<string>();
  for (const s of await queue.getJobSchedulers()) {
    if (s.key.startsWith(SCHEDULER_PREFIX)) flows.add(s.key.slice(SCHEDULER_PREFIX.length));
  }
  const inLine = new Set<string>();
  const lanes = `${prefix}:schedule-lane:`;
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${lanes}*`, 'COUNT', 500);
    cursor = next;
    for (const k of keys) {
      const [, flowId, kind] = /^(.*):(holder|waiting)$/.exec(k.slice(lanes.length)) ?? [];
      if (flowId === undefined) continue;
      flows.add(flowId);
      // Members are `<runId>` or `<runId>/misfire`; a line holds at most MAX_PENDING of them.
      if (kind === 'waiting')
        for (const m of await redis.zrange(k, '0', '-1')) inLine.add(m.replace(/\/misfire$/, ''));
    }
  } while (cursor !== '0');
  return { flows: [...flows], inLine };
}

/** Read once per recovery pass, not per run: a main may recover thousands of runs at start. */
const SIDE_TTL_MS = 5_000;

/**
 * @example
 * const owns = createScheduleOwner(queue, redis, 'idflow');
 * if (await owns(run.id)) continue; // its tick will run it
 */
export function createScheduleOwner(
  queue: Queue,
  redis: Redis,
  prefix: string,
): (runId: string) => Promise<boolean> {
  let side: { at: number; value: Promise<{ flows: string[]; inLine: Set<string> }> } | undefined;
  const read = () => {
    if (!side || Date.now() - side.at > SIDE_TTL_MS) {
      side = { at: Date.now(), value: scheduleSide(queue, redis, prefix) };
      side.value.catch(() => {
        side = undefined;
      });
    }
    return side.value;
  };
  return async (runId) => {
    if (await isLive(queue, heldJobId(runId))) return true;
    const tickMs = tickMsOf(runId);
    if (tickMs === undefined) return false;
    const { flows, inLine } = await read();
    if (inLine.has(runId)) return true;
    for (const flowId of flows) {
      // The run id is derived from the tick job's id: only the flow's own tick job matches.
      for (const jobId of [`repeat:${schedulerId(flowId)}:${tickMs}`, `misfire-${flowId}-${tickMs}`]) {
        if (scheduleRunId(jobId, tickMs) === runId && (await isLive(queue, jobId))) return true;
      }
    }
    return false;
  };
}
