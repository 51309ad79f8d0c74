/** Machine facts printed beside every benchmark table: cores, Node version, load average. */
import os from 'node:os';

export function loadAverage(): string {
  return os
    .loadavg()
    .map((n) => n.toFixed(2))
    .join(' ');
}

export function machineLine(): string {
  return `nproc ${os.availableParallelism()}, node ${process.version}, ${os.platform()} ${os.arch()}, load average ${loadAverage()}`;
}

/** Samples this process's RSS every `everyMs` and remembers the peak (for in-process peaks; maxRSS is per process). */
export function rssSampler(everyMs = 10): { stop(): number } {
  let peak = process.memoryUsage.rss();
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, everyMs);
  return {
    stop() {
      clearInterval(timer);
      return Math.max(peak, process.memoryUsage.rss());
    },
  };
}

/** Whole-machine CPU use (all cores, every process) from now until `stop()`, in percent of all cores' time. */
export function machineCpu(): { stop(): number } {
  const sample = () => {
    let busy = 0;
    let total = 0;
    for (const { times } of os.cpus()) {
      const all = times.user + times.nice + times.sys + times.irq + times.idle;
      total += all;
      busy += all - times.idle;
    }
    return { busy, total };
  };
  const start = sample();
  return {
    stop() {
      const end = sample();
      const total = end.total - start.total;
      return total > 0 ? (100 * (end.busy - start.busy)) / total : Number.NaN;
    },
  };
}
