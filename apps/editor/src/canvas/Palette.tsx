/** Node palette: types from /node-types grouped by category, searchable; drag onto the canvas or click to add. */
import { useReactFlow } from '@xyflow/react';
import { useMemo, useState } from 'react';
import type { NodeTypeInfo } from '../api/schemas';
import { useCatalog } from '../store/catalogStore';
import { useEditor } from '../store/editorStore';
import { glyphFor } from './summary';

export const DRAG_MIME = 'application/x-idflow-node-type';
const ORDER = ['trigger', 'scim', 'http', 'transform', 'control', 'flow'];

export function Palette() {
  const types = useCatalog((s) => s.types);
  const addNode = useEditor((s) => s.addNode);
  const [query, setQuery] = useState('');
  const { fitView, getZoom } = useReactFlow();

  /** Adds after the selected node and pans (keeping the zoom) so the new card is in view. */
  const add = (type: string) => {
    const id = addNode(type);
    if (!id) return;
    const zoom = getZoom();
    setTimeout(() => void fitView({ nodes: [{ id }], minZoom: zoom, maxZoom: zoom, duration: 200 }), 60);
  };

  const groups = useMemo(() => {
    const q = query.trim().toLowerCase();
    const hit = (t: NodeTypeInfo) =>
      !q || [t.type, t.title, t.description, t.category].some((s) => s.toLowerCase().includes(q));
    const map = new Map<string, NodeTypeInfo[]>();
    for (const t of types.filter(hit)) map.set(t.category, [...(map.get(t.category) ?? []), t]);
    return [...map.entries()].sort(
      ([a], [b]) => (ORDER.indexOf(a) + 1 || 99) - (ORDER.indexOf(b) + 1 || 99) || a.localeCompare(b),
    );
  }, [types, query]);

  return (
    <aside className="palette" data-testid="palette">
      <input
        className="search"
        placeholder="Search node types"
        value={query}
        onChange={(e) => setQuery(e.target.value)}
        data-testid="palette-search"
      />
      <div className="palette-list">
        {groups.map(([category, items]) => (
          <section key={category}>
            <h3 className="palette-cat">{category}</h3>
            {items.map((t) => (
              <button
                type="button"
                key={t.type}
                className={`palette-item cat-${t.category}`}
                draggable
                onDragStart={(e) => {
                  e.dataTransfer.setData(DRAG_MIME, t.type);
                  e.dataTransfer.setData('text/plain', t.type);
                  e.dataTransfer.effectAllowed = 'move';
                }}
                onClick={() => add(t.type)}
                title={t.description}
                data-testid={`palette-${t.type}`}
              >
                <span className="node-icon" aria-hidden="true">
                  {glyphFor(t.icon, t.category)}
                </span>
                <span className="palette-text">
                  <span className="palette-title">{t.title}</span>
                  <span className="palette-desc">{t.description}</span>
                </span>
              </button>
            ))}
          </section>
        ))}
        {groups.length === 0 && <p className="muted small">No node type matches.</p>}
      </div>
    </aside>
  );
}
