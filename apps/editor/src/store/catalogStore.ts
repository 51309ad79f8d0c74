/** Node types and connections fetched from the runtime, shared by palette, cards, inspector and validation. */
import type { Catalog } from '@idflow/engine/model';
import { create } from 'zustand';
import { fetchNodeTypes } from '../api/catalog';
import { describeError } from '../api/client';
import { listConnections } from '../api/connections';
import type { ConnectionView, NodeTypeInfo } from '../api/schemas';
import { catalogFromNodeTypes } from '../validation/catalog';

interface CatalogState {
  types: NodeTypeInfo[];
  byType: Map<string, NodeTypeInfo>;
  catalog: Catalog | null;
  connections: ConnectionView[];
  status: 'idle' | 'loading' | 'ready' | 'error';
  error: string | null;
  load(force?: boolean): Promise<void>;
  reloadConnections(): Promise<void>;
  setTypes(types: NodeTypeInfo[]): void;
}

export const useCatalog = create<CatalogState>((set, get) => ({
  types: [],
  byType: new Map(),
  catalog: null,
  connections: [],
  status: 'idle',
  error: null,
  async load(force = false) {
    if (!force && (get().status === 'ready' || get().status === 'loading')) return;
    set({ status: 'loading', error: null });
    try {
      const [types, connections] = await Promise.all([fetchNodeTypes(), listConnections().catch(() => [])]);
      get().setTypes(types);
      set({ connections, status: 'ready' });
    } catch (err) {
      set({ status: 'error', error: describeError(err) });
    }
  },
  async reloadConnections() {
    try {
      set({ connections: await listConnections() });
    } catch {
      // keep the previous list
    }
  },
  setTypes(types) {
    set({ types, byType: new Map(types.map((t) => [t.type, t])), catalog: catalogFromNodeTypes(types) });
  },
}));

/** Non-hook lookup for event handlers and pure helpers. */
export function typeInfo(type: string): NodeTypeInfo | undefined {
  return useCatalog.getState().byType.get(type);
}
