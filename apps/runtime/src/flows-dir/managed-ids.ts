/** Which flow ids the directory held at the last scan, kept in a store setting so a file removed while the runtime was down is noticed. */
import { z } from 'zod';
import type { RuntimeContext } from '../context';

const MANAGED_KEY = 'flowsDir.managed';
const ManagedSetting = z.object({ dir: z.string(), ids: z.array(z.string()) });

export interface ManagedIds {
  /** Flow ids that have their file in the directory (loaded from it or written to it). */
  ids: Set<string>;
  /** Reads the ids saved for this directory (a setting for another directory is ignored). */
  load(): Promise<void>;
  /** Saves the ids when they changed since the last load or save. */
  persist(): Promise<void>;
}

/** @example const managed = createManagedIds(ctx, '/srv/flows'); await managed.load(); managed.ids.add('f'); await managed.persist(); */
export function createManagedIds(ctx: () => RuntimeContext, dir: string): ManagedIds {
  const ids = new Set<string>();
  let saved: string | undefined;
  return {
    ids,
    async load() {
      const raw = await ctx().store.getSetting(MANAGED_KEY);
      let previous: unknown;
      try {
        previous = raw ? JSON.parse(raw) : undefined;
      } catch {
        previous = undefined;
      }
      const setting = ManagedSetting.safeParse(previous);
      if (setting.success && setting.data.dir === dir) {
        for (const id of setting.data.ids) ids.add(id);
        saved = raw;
      }
    },
    async persist() {
      const value = JSON.stringify({ dir, ids: [...ids].sort() });
      if (value === saved) return;
      await ctx().store.setSetting(MANAGED_KEY, value);
      saved = value;
    },
  };
}
