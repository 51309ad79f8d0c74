/** Renders a FlowDiff as lists: flow fields, nodes added / removed / changed (field: old → new), edges. */
import type { ReactNode } from 'react';
import {
  diffSummary,
  edgeLabel,
  type FieldChange,
  type FlowDiff,
  formatValue,
  isEmptyDiff,
  nodeLabel,
} from './flowDiff';

function Changes(props: { changes: FieldChange[] }) {
  return (
    <ul className="diff-fields">
      {props.changes.map((c) => (
        <li key={c.path}>
          <code>{c.path}</code>: <span className="diff-old">{formatValue(c.before)}</span> →{' '}
          <span className="diff-new">{formatValue(c.after)}</span>
        </li>
      ))}
    </ul>
  );
}

function Section(props: { title: string; testId: string; children: ReactNode }) {
  return (
    <section className="diff-section" data-testid={props.testId}>
      <h3>{props.title}</h3>
      {props.children}
    </section>
  );
}

/** `fromLabel` / `toLabel` name the two sides, e.g. "version 2" and "the current version 4". */
export function DiffView(props: { diff: FlowDiff; fromLabel: string; toLabel: string }) {
  const d = props.diff;
  if (isEmptyDiff(d)) {
    return (
      <p className="muted" data-testid="diff-empty">
        No changes between {props.fromLabel} and {props.toLabel}.
      </p>
    );
  }
  return (
    <div className="diff" data-testid="version-diff">
      <p className="muted small" data-testid="diff-summary">
        From {props.fromLabel} to {props.toLabel}: {diffSummary(d)}.
      </p>
      {d.flow.length > 0 && (
        <Section title="Flow" testId="diff-flow">
          <Changes changes={d.flow} />
        </Section>
      )}
      {d.nodesAdded.length > 0 && (
        <Section title="Nodes added" testId="diff-nodes-added">
          <ul>
            {d.nodesAdded.map((n) => (
              <li key={n.id} className="diff-new">
                + {nodeLabel(n)} <span className="muted small">{n.type}</span>
              </li>
            ))}
          </ul>
        </Section>
      )}
      {d.nodesRemoved.length > 0 && (
        <Section title="Nodes removed" testId="diff-nodes-removed">
          <ul>
            {d.nodesRemoved.map((n) => (
              <li key={n.id} className="diff-old">
                − {nodeLabel(n)} <span className="muted small">{n.type}</span>
              </li>
            ))}
          </ul>
        </Section>
      )}
      {d.nodesChanged.length > 0 && (
        <Section title="Nodes changed" testId="diff-nodes-changed">
          <ul>
            {d.nodesChanged.map((n) => (
              <li key={n.id} data-testid={`diff-node-${n.id}`}>
                <span className="strong">{nodeLabel(n)}</span>
                <Changes changes={n.changes} />
              </li>
            ))}
          </ul>
        </Section>
      )}
      {d.edgesAdded.length + d.edgesRemoved.length > 0 && (
        <Section title="Edges" testId="diff-edges">
          <ul>
            {d.edgesAdded.map((e) => (
              <li key={`+${edgeLabel(e)}`} className="diff-new">
                + {edgeLabel(e)}
              </li>
            ))}
            {d.edgesRemoved.map((e) => (
              <li key={`-${edgeLabel(e)}`} className="diff-old">
                − {edgeLabel(e)}
              </li>
            ))}
          </ul>
        </Section>
      )}
    </div>
  );
}
