/** The React Flow canvas: cards, edges, drop from the palette, connect with refusal messages, minimap, controls. */
import { Background, type Connection, Controls, MiniMap, ReactFlow, useReactFlow } from '@xyflow/react';
import { type DragEvent, useCallback, useEffect, useState } from 'react';
import { useEditor } from '../store/editorStore';
import { useRun } from '../store/runStore';
import { NodeCard } from './NodeCard';
import { DRAG_MIME } from './Palette';
import type { CardNode, LinkEdge } from './types';

const nodeTypes = { card: NodeCard };

function miniColor(n: CardNode): string {
  const status = useRun.getState().badges[n.id]?.status;
  if (status === 'succeeded') return '#2f9e5b';
  if (status === 'failed') return '#d64545';
  if (status === 'running') return '#3b82f6';
  return '#9aa5b5';
}

export function Canvas(props: { onReady?: () => void }) {
  const nodes = useEditor((s) => s.nodes);
  const edges = useEditor((s) => s.edges);
  const onNodesChange = useEditor((s) => s.onNodesChange);
  const onEdgesChange = useEditor((s) => s.onEdgesChange);
  const connect = useEditor((s) => s.connect);
  const checkpoint = useEditor((s) => s.checkpoint);
  const addNode = useEditor((s) => s.addNode);
  const { screenToFlowPosition } = useReactFlow();
  const { onReady } = props;
  // Fit only a flow that has nodes when opened; otherwise the first dropped node would re-center the view.
  const [fitOnOpen] = useState(() => useEditor.getState().nodes.length > 0);

  const onConnect = useCallback(
    (c: Connection) => {
      connect({ source: c.source, sourceHandle: c.sourceHandle, target: c.target });
    },
    [connect],
  );

  const onDrop = useCallback(
    (e: DragEvent) => {
      const type = e.dataTransfer.getData(DRAG_MIME) || e.dataTransfer.getData('text/plain');
      if (!type) return;
      e.preventDefault();
      const p = screenToFlowPosition({ x: e.clientX, y: e.clientY });
      addNode(type, { x: p.x - 120, y: p.y - 40 });
    },
    [screenToFlowPosition, addNode],
  );

  useEffect(() => {
    onReady?.();
  }, [onReady]);

  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: a drop zone for palette drags; the palette buttons are the keyboard path
    <div className="canvas" data-testid="canvas" onDragOver={(e) => e.preventDefault()} onDrop={onDrop}>
      <ReactFlow<CardNode, LinkEdge>
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        onNodesChange={onNodesChange}
        onEdgesChange={onEdgesChange}
        onConnect={onConnect}
        onNodeDragStart={checkpoint}
        deleteKeyCode={null}
        multiSelectionKeyCode={['Shift', 'Meta', 'Control']}
        selectionKeyCode="Shift"
        fitView={fitOnOpen}
        fitViewOptions={{ padding: 0.15, maxZoom: 1.2 }}
        minZoom={0.05}
        defaultEdgeOptions={{ type: 'smoothstep' }}
        proOptions={{ hideAttribution: true }}
      >
        <Background gap={20} size={1} />
        <MiniMap pannable zoomable nodeColor={miniColor} data-testid="minimap" />
        <Controls showInteractive={false} data-testid="zoom-controls" />
      </ReactFlow>
    </div>
  );
}
