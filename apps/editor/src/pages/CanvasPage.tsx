/** The flow editor route (#/flows/:id): palette, canvas, inspector / runs panel, run and dry-run dialogs. */
import '@xyflow/react/dist/style.css';
import type { Flow } from '@idflow/engine/model';
import { ReactFlowProvider } from '@xyflow/react';
import { useCallback, useEffect, useState } from 'react';
import { describeError } from '../api/client';
import { dryRun, type RunView, startRun } from '../api/runs';
import { Canvas } from '../canvas/Canvas';
import { Palette } from '../canvas/Palette';
import { useCanvasKeys } from '../canvas/useCanvasKeys';
import { HistoryDialog } from '../history/HistoryDialog';
import { Inspector } from '../inspector/Inspector';
import { DryRunView } from '../run/DryRunView';
import { RunDialog, type RunRequest } from '../run/RunDialog';
import { RunsPanel } from '../run/RunsPanel';
import { typeInfo, useCatalog } from '../store/catalogStore';
import { restoredNotice } from '../store/drafts';
import { useEditor } from '../store/editorStore';
import { useRun } from '../store/runStore';
import { useLiveValidation } from '../store/validationStore';
import { ConflictDialog } from './canvas/ConflictDialog';
import { DraftDialog } from './canvas/DraftDialog';
import { Toolbar } from './canvas/Toolbar';
import { useFlowSession } from './canvas/useFlowSession';

function inputKey(flowId: string) {
  return `idflow.runInput.${flowId}`;
}

/** The trigger's `sample` config (manual triggers declare one) as the first run input, else `{}`. */
function triggerSample(): string {
  for (const n of useEditor.getState().nodes) {
    const node = n.data.node;
    if (typeInfo(node.type)?.hasInput === false && node.config.sample !== undefined) {
      return JSON.stringify(node.config.sample, null, 2);
    }
  }
  return '{}';
}

export default function CanvasPage(props: { flowId: string; runId?: string }) {
  const { flowId } = props;
  const session = useFlowSession(flowId, props.runId);
  const catalogStatus = useCatalog((s) => s.status);
  const meta = useEditor((s) => s.meta);
  const notice = useEditor((s) => s.notice);
  const [panel, setPanel] = useState<'inspector' | 'runs'>('inspector');
  const [runDialog, setRunDialog] = useState(false);
  const [dry, setDry] = useState<RunView | null>(null);
  // The canvas as History opened: the dialog compares against it, and nothing edits the canvas behind the modal.
  const [history, setHistory] = useState<{ flow: Flow; dirty: boolean; version: number } | null>(null);
  const inspectStep = useRun((s) => s.inspectStep);
  useLiveValidation();

  const onSave = useCallback(() => void session.save(), [session.save]);
  useCanvasKeys(onSave);

  // Opening a run or clicking a node shows the inspector (with the node's run step when a run is shown).
  const selectedId = useEditor((s) => {
    const sel = s.nodes.filter((n) => n.selected);
    return sel.length === 1 ? sel[0]!.id : null;
  });
  useEffect(() => {
    if (inspectStep && selectedId) setPanel('inspector');
  }, [inspectStep, selectedId]);

  const [shownNotice, setShownNotice] = useState<typeof notice>(null);
  useEffect(() => {
    if (!notice) return;
    setShownNotice(notice);
    const t = setTimeout(() => setShownNotice(null), notice.kind === 'error' ? 6000 : 2500);
    return () => clearTimeout(t);
  }, [notice]);

  const triggerKind = useEditor((s) => {
    for (const n of s.nodes) {
      const info = typeInfo(n.data.node.type);
      if (info && !info.hasInput) return info.trigger ?? undefined;
    }
    return undefined;
  });

  const run = async (req: RunRequest) => {
    setRunDialog(false);
    sessionStorage.setItem(inputKey(flowId), req.text);
    if (useEditor.getState().dirty && !(await session.save())) return;
    try {
      if (req.dryRun) {
        const result = await dryRun(flowId, req.input);
        useRun.getState().show(result);
        setDry(result);
      } else {
        useRun.getState().follow(await startRun(flowId, req.input));
        setPanel('runs');
      }
    } catch (err) {
      useEditor.getState().notify(`Run failed to start: ${describeError(err)}`, 'error');
    }
  };

  if (session.loadError) {
    return (
      <div className="page">
        <p className="error" data-testid="canvas-error">
          {session.loadError}
        </p>
        <a href="#/flows">Back to flows</a>
      </div>
    );
  }
  if (!meta || catalogStatus !== 'ready') return <div className="loading">Loading flow…</div>;

  return (
    <ReactFlowProvider>
      <div className="editor" data-testid="editor">
        <Toolbar
          saving={session.saving}
          onSave={onSave}
          onRun={() => setRunDialog(true)}
          onDryRun={() => setRunDialog(true)}
          onHistory={() => {
            const s = useEditor.getState();
            setHistory({ flow: s.toFlow(), dirty: s.dirty, version: s.version });
          }}
        />
        <div className="editor-body">
          <Palette />
          <Canvas />
          <aside className="side">
            <div className="tabs" role="tablist">
              <button
                type="button"
                role="tab"
                aria-selected={panel === 'inspector'}
                className={`tab${panel === 'inspector' ? ' active' : ''}`}
                onClick={() => setPanel('inspector')}
                data-testid="tab-inspector"
              >
                Inspector
              </button>
              <button
                type="button"
                role="tab"
                aria-selected={panel === 'runs'}
                className={`tab${panel === 'runs' ? ' active' : ''}`}
                onClick={() => setPanel('runs')}
                data-testid="tab-runs"
              >
                Runs
              </button>
            </div>
            <div className="side-body">
              {panel === 'inspector' ? <Inspector /> : <RunsPanel flowId={flowId} />}
            </div>
          </aside>
        </div>
        {shownNotice && (
          <div className={`toast ${shownNotice.kind}`} role="status" data-testid="notice">
            {shownNotice.text}
          </div>
        )}
      </div>
      {runDialog && (
        <RunDialog
          flowId={flowId}
          triggerKind={triggerKind}
          initialInput={sessionStorage.getItem(inputKey(flowId)) ?? triggerSample()}
          onClose={() => setRunDialog(false)}
          onRun={(req) => void run(req)}
        />
      )}
      {history && (
        <HistoryDialog
          flowId={flowId}
          canvas={history}
          onClose={() => setHistory(null)}
          onRestore={(flow, version) => {
            setHistory(null);
            const editor = useEditor.getState();
            if (editor.restoreFlow(flow)) editor.notify(restoredNotice(version));
            else
              editor.notify(
                `Version ${version} belongs to another flow (${flow.id}); nothing was restored.`,
                'error',
              );
          }}
        />
      )}
      {dry && <DryRunView run={dry} onClose={() => setDry(null)} />}
      {session.conflict && (
        <ConflictDialog
          onClose={session.dismissConflict}
          onReload={() => void session.reload()}
          onOverwrite={
            session.conflict.currentVersion !== undefined
              ? () => void session.save(session.conflict?.currentVersion)
              : undefined
          }
        />
      )}
      {session.draftOffer && (
        <DraftDialog
          problems={session.draftOffer.problems}
          onClose={session.dismissDraftOffer}
          onDisableAndSave={() => void session.disableAndSaveDraft()}
        />
      )}
    </ReactFlowProvider>
  );
}
