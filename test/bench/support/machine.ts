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
