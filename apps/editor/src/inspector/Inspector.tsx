/** Right panel for the selected node: config form, node settings, issues, and its step in the shown run. */
import type { FlowNode } from '@idflow/engine/model';
import { useMemo, useState } from 'react';
import { linkToEdge } from '../canvas/mappers';
import { SchemaForm } from '../form/SchemaForm';
import { pickGroups } from '../form/upstream';
import { StepDetails } from '../run/StepDetails';
import { typeInfo, useCatalog } from '../store/catalogStore';
import { useEditor } from '../store/editorStore';
import { useRun } from '../store/runStore';
import { useValidation } from '../store/validationStore';
import { shortMessage } from '../validation/validate';
import { FlowOverview } from './FlowOverview';
import { NodeSettings } from './NodeSettings';
import { runContext } from './previewContext';

type Tab = 'config' | 'settings' | 'run';

export function Inspector() {
  const selected = useEditor((s) => {
    const sel = s.nodes.filter((n) => n.selected);
    return sel.length === 1 ? sel[0]!.data.node : null;
  });
  const multi = useEditor((s) => s.nodes.filter((n) => n.selected).length);
  if (!selected) {
    return multi > 1 ? <p className="muted pad">{multi} nodes selected.</p> : <FlowOverview />;
  }
  return <NodeInspector key={selected.id} node={selected} />;
}

function NodeInspector({ node }: { node: FlowNode }) {
  const info = useCatalog((s) => s.byType.get(node.type));
  const connections = useCatalog((s) => s.connections);
  const edges = useEditor((s) => s.edges);
  const nodes = useEditor((s) => s.nodes);
  const updateNode = useEditor((s) => s.updateNode);
  const issues = useValidation((s) => s.byNode[node.id]);
  const shownRun = useRun((s) => s.run);
  const sample = useRun((s) => s.sample);
  const inspectStep = useRun((s) => s.inspectStep);
  const [tab, setTab] = useState<Tab>(inspectStep && shownRun ? 'run' : 'config');
  const dataRun = shownRun && !shownRun.dryRun ? shownRun : sample;
  const preview = useMemo(() => runContext(dataRun), [dataRun]);

  const groups = useMemo(
    () =>
      pickGroups(
        node.id,
        nodes.map((n) => n.data.node),
        edges.map(linkToEdge),
        typeInfo,
        preview ? { trigger: preview.trigger, steps: preview.steps as Record<string, unknown> } : undefined,
      ),
    [node.id, nodes, edges, preview],
  );

  const step = shownRun?.steps.find((s) => s.nodeId === node.id);
  return (
    <div className="inspector" data-testid="inspector">
      <div className="inspector-head">
        <div className="node-title">{node.name ?? info?.title ?? node.id}</div>
        <div className="muted small">
          {node.type} · id <code>{node.id}</code>
        </div>
        {info && <p className="small muted">{info.description}</p>}
      </div>
      {issues && issues.length > 0 && (
        <ul className="issue-list" data-testid="inspector-issues">
          {issues.map((i) => (
            <li key={`${i.path}-${i.code}-${i.message}`} className={i.code === 'unreachable' ? 'warn' : ''}>
              <code>{i.path.replace(/^nodes\[\d+\]\.?/, '') || 'node'}</code> {shortMessage(i)}
            </li>
          ))}
        </ul>
      )}
      <div className="tabs" role="tablist">
        {(['config', 'settings', ...(shownRun ? ['run'] : [])] as Tab[]).map((t) => (
          <button
            type="button"
            role="tab"
            key={t}
            aria-selected={tab === t}
            className={`tab${tab === t ? ' active' : ''}`}
            onClick={() => setTab(t)}
            data-testid={`inspector-tab-${t}`}
          >
            {t === 'run' ? 'Run step' : t === 'config' ? 'Config' : 'Settings'}
          </button>
        ))}
      </div>
      {tab === 'config' &&
        (info ? (
          <SchemaForm
            schema={info.configSchema}
            value={node.config}
            onChange={(config) => updateNode(node.id, (n) => ({ ...n, config }))}
            connections={connections}
            connectionFields={info.connectionFields ?? {}}
            groups={groups}
            preview={preview}
          />
        ) : (
          <p className="error">Unknown node type "{node.type}": this runtime does not provide it.</p>
        ))}
      {tab === 'settings' && <NodeSettings node={node} onChange={(n) => updateNode(node.id, () => n)} />}
      {tab === 'run' && <StepDetails step={step} nodeId={node.id} />}
    </div>
  );
}
