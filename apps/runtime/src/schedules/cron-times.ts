/** Cron fire times with node-cron's own matcher: the next N times, and whether a tick fell in a past interval (misfire). */
import { createTask, parse, type ScheduledTask, validate } from 'node-cron';

const MINUTE = 60_000;
/** Misfire look-back bound: one year of minutes. */
const MAX_MINUTES = 366 * 24 * 60;

function withTask<T>(cron: string, timezone: string, fn: (task: ScheduledTask) => T): T {
  const task = createTask(cron, () => undefined, { timezone, name: `idflow-probe-${Math.random()}` });
  try {
    return fn(task);
  } finally {
    void task.destroy();
  }
}

/** Whether a cron expression and time zone are usable; the reason when not. */
export function checkCron(cron: string, timezone: string): string | undefined {
  if (!validate(cron)) return `"${cron}" is not a valid cron expression`;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: timezone });
  } catch {
    return `"${timezone}" is not a known time zone`;
  }
  return undefined;
}

/**
 * The next `count` fire times after now.
 * @example nextFireTimes('0 2 * * *', 'Europe/Paris', 5)
 */
export function nextFireTimes(cron: string, timezone: string, count: number, task?: ScheduledTask): Date[] {
  if (checkCron(cron, timezone)) return [];
  if (task) return task.getNextRuns(count);
  return withTask(cron, timezone, (t) => t.getNextRuns(count));
}

/**
 * The first tick in (fromMs, toMs], or undefined. Walks minute by minute (bounded by the interval, at most a
 * year), checking each of the expression's seconds with node-cron's matcher, so time zones and DST match it.
 */
export function firstTickBetween(cron: string, timezone: string, fromMs: number, toMs: number): Date | undefined {
  if (checkCron(cron, timezone) || toMs <= fromMs) return undefined;
  const seconds = parse(cron).second;
  return withTask(cron, timezone, (task) => {
    const start = Math.floor((fromMs + 1) / MINUTE) * MINUTE;
    for (let m = start, i = 0; m <= toMs && i < MAX_MINUTES; m += MINUTE, i++) {
      for (const s of seconds) {
        const t = m + s * 1000;
        if (t > fromMs && t <= toMs && task.match(new Date(t))) return new Date(t);
      }
    }
    return undefined;
  });
}
