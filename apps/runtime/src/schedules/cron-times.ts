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

/** node-cron's matcher walk (`timeMatcher.getNextMatch`), present in node-cron 4.6; not in its typings. */
type Walker = { getNextMatch(date: Date): Date };
function walkerOf(task: ScheduledTask): Walker | undefined {
  const m = (task as unknown as { timeMatcher?: Partial<Walker> }).timeMatcher;
  return typeof m?.getNextMatch === 'function' ? (m as Walker) : undefined;
}

/**
 * The first tick in (fromMs, toMs], or undefined, computed with node-cron's own matcher so time zones and DST
 * agree with the armed task. Uses node-cron's field walker when available; else walks minute by minute
 * (checking the expression's seconds), bounded to a year.
 * @example firstTickBetween('0 2 * * *', 'UTC', Date.parse('2024-01-01T03:00Z'), Date.parse('2024-01-02T03:00Z'))
 */
export function firstTickBetween(
  cron: string,
  timezone: string,
  fromMs: number,
  toMs: number,
): Date | undefined {
  if (checkCron(cron, timezone) || toMs <= fromMs) return undefined;
  return withTask(cron, timezone, (task) => {
    const walker = walkerOf(task);
    if (walker) {
      const next = walker.getNextMatch(new Date(fromMs));
      return next.getTime() > fromMs && next.getTime() <= toMs ? next : undefined;
    }
    const seconds = parse(cron).second;
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
