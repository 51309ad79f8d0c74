/** Whether a flow version can change something outside the runtime: decides if `running` must be durable before it starts. */
import type { CompiledFlow } from '@idflow/engine';
import type { RuntimeCatalog } from '../context';

/** Node types that run helper flows: whatever those do, the caller may do. */
const RUNS_HELPER_FLOWS = new Set(['flow.call', 'control.forEach']);

const cache = new WeakMap<CompiledFlow, boolean>();

/**
 * True when any node may act outside (its type says `sideEffects`, or a function of the config that does not
 * clearly answer false for the node's static config) or runs helper flows. Such a run is stored `running` (durably)
 * before it starts, so a crash leaves it `interrupted` and it is never repeated on restart. A flow without any can
 * run while its `running` line is still being written: after a crash it is resumed (accepted) or simply absent
 * (onCompletion, whose caller got no answer), and repeating it changes nothing outside.
 * @example if (mayActOutside(compiled, catalog)) await runningSaved;
 */
export function mayActOutside(compiled: CompiledFlow, catalog: RuntimeCatalog): boolean {
  let hit = cache.get(compiled);
  if (hit === undefined) {
    hit = compiled.flow.nodes.some((node) => {
      if (RUNS_HELPER_FLOWS.has(node.type)) return true;
      const se = catalog.get(node.type)?.sideEffects;
      if (typeof se !== 'function') return se === true;
      try {
        return se(node.config as never) !== false;
      } catch {
        return true;
      }
    });
    cache.set(compiled, hit);
  }
  return hit;
}
