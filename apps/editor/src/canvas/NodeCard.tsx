/** The one generic card every node type is drawn with: icon, title, type, summary, ports, run badge, issues. */
import { Handle, type NodeProps, Position } from '@xyflow/react';
import { memo } from 'react';
import { formatDuration } from '../components/format';
import { useCatalog } from '../store/catalogStore';
import { useRun } from '../store/runStore';
import { useValidation } from '../store/validationStore';
import { shortMessage } from '../validation/validate';
import { hasInput, outputPorts } from './ports';
import { configSummary, glyphFor } from './summary';
import { type CardNode, DEFAULT_PORT, INPUT_HANDLE } from './types';

function NodeCardImpl({ id, data, selected }: NodeProps<CardNode>) {
  const node = data.node;
  const info = useCatalog((s) => s.byType.get(node.type));
  const badge = useRun((s) => s.badges[id]);
  const issues = useValidation((s) => s.byNode[id]);
  const errors = issues?.filter((i) => i.code !== 'unreachable') ?? [];
  const ports = outputPorts(node, info);
  const labelled = ports.length > 1 || ports.some((p) => p.id !== DEFAULT_PORT);
  const category = info?.category ?? 'unknown';

  return (
    <div
      className={`node-card cat-${category}${selected ? ' selected' : ''}${errors.length ? ' invalid' : ''}${badge ? ` run-${badge.status}` : ''}`}
      data-testid={`node-${id}`}
      data-node-type={node.type}
      data-status={badge?.status ?? ''}
    >
      {hasInput(info) && (
        <Handle type="target" position={Position.Left} id={INPUT_HANDLE} className="handle-in" />
      )}
      <div className="node-head">
        <span className="node-icon" aria-hidden="true">
          {glyphFor(info?.icon, info?.category)}
        </span>
        <div className="node-titles">
          <div className="node-title">{node.name ?? info?.title ?? node.id}</div>
          <div className="node-type">
            {node.type}
            <span className="node-id"> · {node.id}</span>
          </div>
        </div>
      </div>
      <div className="node-summary">
        {configSummary(node.config) || <span className="muted">{info ? ' ' : 'Unknown type'}</span>}
      </div>
      {badge && (
        <div className={`node-badge badge-${badge.status}`} data-testid={`node-status-${id}`}>
          {badge.status}
          {badge.durationMs !== undefined && ` · ${formatDuration(badge.durationMs)}`}
          {badge.attempt !== undefined && badge.attempt > 1 && ` · ${badge.attempt} attempts`}
        </div>
      )}
      {errors.length > 0 && (
        <div
          className="node-invalid"
          role="alert"
          data-testid={`node-invalid-${id}`}
          title={errors.map(shortMessage).join('\n')}
        >
          ! {shortMessage(errors[0]!)}
          {errors.length > 1 && ` (+${errors.length - 1})`}
        </div>
      )}
      {ports.map((p, i) => (
        <div key={p.id} className="port-out" style={{ top: `${((i + 1) / (ports.length + 1)) * 100}%` }}>
          {labelled && (
            <span className={`port-label${p.id === 'error' ? ' port-error' : ''}`}>{p.label ?? p.id}</span>
          )}
          <Handle
            type="source"
            position={Position.Right}
            id={p.id}
            className={p.id === 'error' ? 'handle-error' : 'handle-out'}
            data-testid={`handle-${id}-${p.id}`}
          />
        </div>
      ))}
    </div>
  );
}

export const NodeCard = memo(NodeCardImpl);
