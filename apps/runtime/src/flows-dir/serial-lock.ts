/** A lock that runs async sections one at a time, in call order (directory scans and API writes never interleave). */

/**
 * Returns a function that runs each section after the previous one settled (a failing section does not stop the next).
 * @example const lock = createLock(); await lock(async () => reconcile());
 */
export function createLock() {
  let tail: Promise<unknown> = Promise.resolve();
  return <T>(fn: () => Promise<T>): Promise<T> => {
    const run = tail.then(fn, fn);
    tail = run.catch(() => undefined);
    return run;
  };
}
