// @vitest-environment happy-dom
/** Drafts in the canvas: the header says "draft · N problems", Run / Dry run are off with the reason, saving notices. */
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { ReactFlowProvider } from '@xyflow/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../api/client';
import { describeRefusal, isEnabledDraftRefusal, savedNotice } from '../../store/drafts';
import { useEditor } from '../../store/editorStore';
import { useValidation } from '../../store/validationStore';
import { Toolbar } from './Toolbar';

const issue = (path: string) => ({ path, message: `${path} is wrong`, code: 'config_invalid' as const });

function renderToolbar() {
  const onRun = vi.fn();
  const onDryRun = vi.fn();
  const onHistory = vi.fn();
  render(
    <ReactFlowProvider>
      <Toolbar
        saving={false}
        onSave={() => undefined}
        onRun={onRun}
        onDryRun={onDryRun}
        onHistory={onHistory}
      />
    </ReactFlowProvider>,
  );
  return { onRun, onDryRun, onHistory };
}

beforeEach(() => {
  useEditor.getState().load({
    flow: { schemaVersion: 1, id: 'half', name: 'Half drawn', nodes: [], edges: [] },
    version: 3,
    enabled: false,
    valid: false,
    problems: [issue('nodes[1].config.user'), issue('edges[0].to')],
  });
});
afterEach(() => {
  cleanup();
  useValidation.setState({ errors: [], warnings: [], byNode: {} });
});

describe('draft flows in the editor', () => {
  it('keeps the stored draft state from the runtime answer', () => {
    expect(useEditor.getState().saved).toEqual({ enabled: false, valid: false, problems: 2 });
    useEditor
      .getState()
      .markSaved({ flow: useEditor.getState().toFlow(), version: 4, valid: true, problems: [] });
    expect(useEditor.getState().saved).toEqual({ enabled: false, valid: true, problems: 0 });
    expect(useEditor.getState().version).toBe(4);
  });

  it('shows "draft · N problems" and turns Run and Dry run off with the reason', () => {
    useValidation.setState({ errors: [issue('nodes[1].config.user'), issue('edges[0].to')] });
    const { onRun, onDryRun } = renderToolbar();
    expect(screen.getByTestId('validity').textContent).toBe('draft · 2 problems');
    for (const id of ['run', 'dry-run']) {
      const button = screen.getByTestId(id) as HTMLButtonElement;
      expect(button.disabled).toBe(true);
      expect(button.title).toMatch(/draft with 2 problems/);
      fireEvent.click(button);
    }
    expect(onRun).not.toHaveBeenCalled();
    expect(onDryRun).not.toHaveBeenCalled();
  });

  it('shows "valid" and lets a valid flow run', () => {
    const { onRun } = renderToolbar();
    expect(screen.getByTestId('validity').textContent).toBe('valid');
    const run = screen.getByTestId('run') as HTMLButtonElement;
    expect(run.disabled).toBe(false);
    fireEvent.click(run);
    expect(onRun).toHaveBeenCalledTimes(1);
  });

  it('opens History from the toolbar, also for a draft', () => {
    const { onHistory } = renderToolbar();
    fireEvent.click(screen.getByTestId('history'));
    expect(onHistory).toHaveBeenCalledTimes(1);
  });

  it('words the save toast and the runtime refusals', () => {
    const flow = useEditor.getState().toFlow();
    expect(savedNotice({ flow, version: 5, valid: false, problems: [issue('a')] })).toMatch(
      /^Saved as draft — 1 problem\b/,
    );
    expect(savedNotice({ flow, version: 5, valid: true, problems: [] })).toBe('Saved version 5.');
    const refusal = new ApiError(
      400,
      'FLOW_INVALID',
      'Flow half has 2 problems, so it cannot be enabled: nodes[1].config.user is wrong',
      [issue('nodes[1].config.user'), issue('edges[0].to')],
    );
    expect(isEnabledDraftRefusal(refusal)).toBe(true);
    expect(isEnabledDraftRefusal(new ApiError(400, 'VALIDATION', 'no'))).toBe(false);
    expect(describeRefusal(refusal)).toBe(
      'Flow half has 2 problems, so it cannot be enabled. nodes[1].config.user: nodes[1].config.user is wrong; edges[0].to: edges[0].to is wrong',
    );
  });
});
