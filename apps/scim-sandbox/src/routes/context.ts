// What every route module receives: the store and the resolved options.
import type { ResolvedOptions } from '../options';
import type { SandboxStoreImpl } from '../store';

export interface AppContext {
  store: SandboxStoreImpl;
  options: ResolvedOptions;
}
