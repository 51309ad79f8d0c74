/** Waits for a "done" promise, but answers false once a time limit passes (shutdown drains). */

/**
 * Resolves with `done`, or with false when `timeoutMs` passes first; an infinite limit waits for `done` alone.
 * @example if (!(await withinTimeout(allSaved, 5_000))) log.warn('gave up waiting');
 */
export async function withinTimeout(done: Promise<boolean>, timeoutMs: number): Promise<boolean> {
  if (!Number.isFinite(timeoutMs)) return done;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
  });
  const result = await Promise.race([done, timeout]);
  clearTimeout(timer);
  return result;
}
