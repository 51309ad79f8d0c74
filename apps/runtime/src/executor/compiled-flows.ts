/** Compiled flows by flow id and version hash: a run reuses its version's compiled form instead of validating and hashing the flow again. */
import { type CompiledFlow, compileFlow, type Flow } from '@idflow/engine';
import type { RuntimeCatalog } from '../context';

export interface CompiledFlows {
  /** The compiled form of `flow`, which must be version `hash` of `flowId` (as the run record says). */
  get(flowId: string, hash: string, flow: Flow): CompiledFlow;
}

/**
 * The store hands out a fresh copy of a flow on every read, so the engine's own cache (by object) misses and
 * compileFlow validated + hashed the flow on every run (a fifth of the webhook path's CPU). Keyed by version hash,
 * a changed flow gets a new entry; least recently used entries go past `limit`.
 * @example const compiled = compiledFlows.get(run.flowId, run.flowHash, flow)
 */
export function createCompiledFlows(catalog: RuntimeCatalog, limit = 256): CompiledFlows {
  const cache = new Map<string, CompiledFlow>();
  return {
    get(flowId, hash, flow) {
      const key = `${flowId}\u0000${hash}`;
      let compiled = cache.get(key);
      if (compiled) cache.delete(key);
      else compiled = compileFlow(flow, catalog);
      cache.set(key, compiled);
      if (cache.size > limit) cache.delete(cache.keys().next().value!);
      return compiled;
    },
  };
}
