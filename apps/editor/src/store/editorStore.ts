/** The canvas's one store: flow metadata, React Flow nodes/edges, dirty flag, undo/redo and graph actions. */
import type { Flow, FlowNode } from '@idflow/engine/model';
import { applyEdgeChanges, applyNodeChanges, type EdgeChange, type NodeChange } from '@xyflow/react';
import { create } from 'zustand';
import type { LoadedFlow } from '../api/flows';
import { checkConnection, type Proposed } from '../canvas/edgeRules';
import { slugFromType, uniqueNodeId } from '../canvas/ids';
import { layoutLeftToRight } from '../canvas/layout';
import { edgeToLink, flowToGraph, graphToFlow, linkToEdge, nodeToCard } from '../canvas/mappers';
import { declaredPorts } from '../canvas/ports';
import type { CardNode, FlowMeta, LinkEdge } from '../canvas/types';
import { defaultConfig } from '../form/defaults';
import { typeInfo, useCatalog } from './catalogStore';
import { type Clip, copySelection, pasteClip } from './clipboard';
import { type History, pushPast, redoStep, type Snapshot, undoStep } from './history';

export interface EditorState extends History {
  meta: FlowMeta | null;
  version: number;
  nodes: CardNode[];
  edges: LinkEdge[];
  dirty: boolean;
  /** The stored flow as last loaded or saved: enabled state and whether it is a draft. */
  saved: { enabled: boolean; valid: boolean; problems: number };
  /** Last refusal or notice shown over the canvas. */
  notice: { text: string; kind: 'error' | 'info'; at: number } | null;
  clip: Clip | null;
  load(loaded: LoadedFlow): void;
  toFlow(): Flow;
  markSaved(loaded: LoadedFlow): void;
  /**
   * Puts another version of this flow on the canvas as unsaved changes; the loaded `version` stays the If-Match
   * base, so saving goes through the usual conflict check. One undo brings the previous canvas back, name and
   * settings included. False (nothing changed) for another flow's file.
   */
  restoreFlow(flow: Flow): boolean;
  checkpoint(): void;
  onNodesChange(changes: NodeChange<CardNode>[]): void;
  onEdgesChange(changes: EdgeChange<LinkEdge>[]): void;
  connect(c: Proposed): boolean;
  addNode(type: string, position?: { x: number; y: number }): string | null;
  updateNode(id: string, update: (node: FlowNode) => FlowNode): void;
  renameFlow(name: string): void;
  removeSelected(): void;
  copy(): void;
  paste(): void;
  duplicate(): void;
  undo(): void;
  redo(): void;
  autoLayout(): void;
  select(ids: string[]): void;
  notify(text: string, kind?: 'error' | 'info'): void;
}

const flowNodes = (nodes: CardNode[]) => nodes.map((n) => n.data.node);
const flowEdges = (edges: LinkEdge[]) => edges.map(linkToEdge);

export const useEditor = create<EditorState>((set, get) => {
  const snap = (): Snapshot => ({ nodes: get().nodes, edges: get().edges });
  // The step undone or redone also carries the flow metadata when it was a restore; the other side must too.
  const snapLike = (other: Snapshot | undefined): Snapshot => {
    const meta = get().meta;
    return other?.meta && meta ? { ...snap(), meta } : snap();
  };
  const applyStep = (step: { history: History; snap: Snapshot } | null) => {
    if (!step) return;
    const { nodes, edges, meta } = step.snap;
    set({ ...step.history, nodes, edges, ...(meta ? { meta } : {}), dirty: true });
  };
  const commit = (patch: Partial<EditorState>) => set({ ...patch, dirty: true });
  return {
    meta: null,
    version: 0,
    nodes: [],
    edges: [],
    dirty: false,
    saved: { enabled: false, valid: true, problems: 0 },
    notice: null,
    clip: null,
    past: [],
    future: [],
    load(loaded) {
      const { meta, nodes, edges } = flowToGraph(loaded.flow);
      set({
        meta,
        nodes,
        edges,
        version: loaded.version,
        saved: savedState(loaded),
        dirty: false,
        past: [],
        future: [],
        notice: null,
      });
    },
    toFlow() {
      const { meta, nodes, edges } = get();
      if (!meta) throw new Error('No flow loaded.');
      return graphToFlow(meta, nodes, edges);
    },
    markSaved(loaded) {
      set({ version: loaded.version, saved: savedState(loaded), dirty: false });
    },
    restoreFlow(flow) {
      const current = get().meta;
      if (!current || flow.id !== current.id) return false;
      const { meta, nodes, edges } = flowToGraph(flow);
      set(pushPast(get(), { ...snap(), meta: current }));
      commit({ meta, nodes, edges });
      return true;
    },
    checkpoint() {
      set(pushPast(get(), snap()));
    },
    onNodesChange(changes) {
      const structural = changes.some((c) => c.type === 'remove' || c.type === 'add');
      const moved = changes.some((c) => c.type === 'position' && c.dragging === false);
      if (structural) get().checkpoint();
      let nodes = applyNodeChanges(changes, get().nodes);
      if (changes.some((c) => c.type === 'position')) {
        nodes = nodes.map((n) => {
          const p = n.data.node.position;
          const x = Math.round(n.position.x);
          const y = Math.round(n.position.y);
          return p.x === x && p.y === y
            ? n
            : { ...n, data: { node: { ...n.data.node, position: { x, y } } } };
        });
      }
      if (structural) {
        const ids = new Set(nodes.map((n) => n.id));
        commit({ nodes, edges: get().edges.filter((e) => ids.has(e.source) && ids.has(e.target)) });
      } else if (moved) commit({ nodes });
      else set({ nodes });
    },
    onEdgesChange(changes) {
      const structural = changes.some((c) => c.type === 'remove' || c.type === 'add');
      if (structural) get().checkpoint();
      const edges = applyEdgeChanges(changes, get().edges);
      if (structural) commit({ edges });
      else set({ edges });
    },
    connect(c) {
      const verdict = checkConnection(c, flowNodes(get().nodes), flowEdges(get().edges), typeInfo);
      if (!verdict.ok) {
        get().notify(verdict.reason, 'error');
        return false;
      }
      get().checkpoint();
      commit({ edges: [...get().edges, edgeToLink(verdict.edge)] });
      return true;
    },
    addNode(type, position) {
      const info = typeInfo(type);
      if (!info) return null;
      const { nodes, edges } = get();
      if (!info.hasInput && nodes.some((n) => !(typeInfo(n.data.node.type)?.hasInput ?? true))) {
        get().notify('A flow has one trigger. Delete the current trigger first.', 'error');
        return null;
      }
      const id = uniqueNodeId(slugFromType(type), new Set(nodes.map((n) => n.id)));
      const selected = nodes.filter((n) => n.selected);
      const after = selected.length === 1 ? selected[0] : undefined;
      const pos =
        position ?? (after ? { x: after.position.x + 300, y: after.position.y } : nextFreeSpot(nodes));
      const node: FlowNode = {
        id,
        type,
        position: { x: Math.round(pos.x), y: Math.round(pos.y) },
        config: defaultConfig(info.configSchema, {
          flowId: get().meta?.id,
          connections: useCatalog.getState().connections,
          connectionFields: info.connectionFields,
        }),
      };
      get().checkpoint();
      const card = { ...nodeToCard(node), selected: true };
      let nextEdges = edges;
      if (!position && after && info.hasInput) {
        const port = declaredPorts(after.data.node, typeInfo(after.data.node.type))[0]?.id;
        const v = checkConnection(
          { source: after.id, sourceHandle: port, target: id },
          [...flowNodes(nodes), node],
          flowEdges(edges),
          typeInfo,
        );
        if (v.ok) nextEdges = [...edges, edgeToLink(v.edge)];
      }
      commit({
        nodes: [...nodes.map((n) => (n.selected ? { ...n, selected: false } : n)), card],
        edges: nextEdges,
      });
      return id;
    },
    updateNode(id, update) {
      get().checkpoint();
      commit({
        nodes: get().nodes.map((n) => (n.id === id ? { ...n, data: { node: update(n.data.node) } } : n)),
      });
    },
    renameFlow(name) {
      const meta = get().meta;
      if (meta) commit({ meta: { ...meta, name } });
    },
    removeSelected() {
      const { nodes, edges } = get();
      const gone = new Set(nodes.filter((n) => n.selected).map((n) => n.id));
      const keptEdges = edges.filter((e) => !e.selected && !gone.has(e.source) && !gone.has(e.target));
      if (gone.size === 0 && keptEdges.length === edges.length) return;
      get().checkpoint();
      commit({ nodes: nodes.filter((n) => !gone.has(n.id)), edges: keptEdges });
    },
    copy() {
      const clip = copySelection(get().nodes, get().edges);
      if (clip) set({ clip });
    },
    paste() {
      const clip = get().clip;
      if (!clip) return;
      const out = pasteClip(clip, get().nodes, (t) => typeInfo(t));
      if (out.nodes.length === 0) {
        get().notify('Nothing pasted: a flow has one trigger.', 'error');
        return;
      }
      get().checkpoint();
      commit({
        nodes: [...get().nodes.map((n) => (n.selected ? { ...n, selected: false } : n)), ...out.nodes],
        edges: [...get().edges, ...out.edges],
      });
    },
    duplicate() {
      const clip = copySelection(get().nodes, get().edges);
      if (!clip) return;
      const saved = get().clip;
      set({ clip });
      get().paste();
      set({ clip: saved });
    },
    undo() {
      applyStep(undoStep(get(), snapLike(get().past.at(-1))));
    },
    redo() {
      applyStep(redoStep(get(), snapLike(get().future[0])));
    },
    autoLayout() {
      const { nodes, edges } = get();
      const pos = layoutLeftToRight(flowNodes(nodes), flowEdges(edges));
      get().checkpoint();
      commit({
        nodes: nodes.map((n) => {
          const p = pos.get(n.id);
          return p ? { ...n, position: p, data: { node: { ...n.data.node, position: p } } } : n;
        }),
      });
    },
    select(ids) {
      const want = new Set(ids);
      set({
        nodes: get().nodes.map((n) =>
          n.selected === want.has(n.id) ? n : { ...n, selected: want.has(n.id) },
        ),
      });
    },
    notify(text, kind = 'info') {
      set({ notice: { text, kind, at: Date.now() } });
    },
  };
});

function savedState(loaded: LoadedFlow): EditorState['saved'] {
  return {
    enabled: loaded.enabled ?? false,
    valid: loaded.valid ?? true,
    problems: loaded.problems?.length ?? 0,
  };
}

function nextFreeSpot(nodes: CardNode[]): { x: number; y: number } {
  if (nodes.length === 0) return { x: 0, y: 0 };
  const maxX = Math.max(...nodes.map((n) => n.position.x));
  const right = nodes.find((n) => n.position.x === maxX)!;
  return { x: maxX + 300, y: right.position.y };
}
