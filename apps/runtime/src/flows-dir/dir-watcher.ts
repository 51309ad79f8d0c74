/** fs.watch on one directory, debounced: many events in a burst (an editor's save, a git checkout) become one callback. */
import { type FSWatcher, watch } from 'node:fs';

export interface DirWatcher {
  close(): void;
}

/**
 * Calls `onSettled` once no event has arrived for `debounceMs`. Watch errors (the directory removed) go to `onError`.
 * @example const w = watchDirectory('flows', 150, () => void rescan(), (err) => log.error({ err })); w.close();
 */
export function watchDirectory(
  dir: string,
  debounceMs: number,
  onSettled: () => void,
  onError: (err: Error) => void,
): DirWatcher {
  let timer: NodeJS.Timeout | undefined;
  let closed = false;
  const fire = () => {
    timer = undefined;
    if (!closed) onSettled();
  };
  const watcher: FSWatcher = watch(dir, { persistent: false }, () => {
    if (closed) return;
    clearTimeout(timer);
    timer = setTimeout(fire, debounceMs);
  });
  watcher.on('error', (err) => {
    if (!closed) onError(err);
  });
  return {
    close() {
      closed = true;
      clearTimeout(timer);
      watcher.close();
    },
  };
}
