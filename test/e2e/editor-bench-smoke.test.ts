// Smoke test of the editor benchmark (keeps `npm run bench` working): one sample of the 300-node flow rendered and
// fitted in chromium, and the bundle measured. No speed is asserted here; `npm run bench` measures that.
import { describe, expect, it } from 'vitest';
import { runEditorBench } from '../bench/editor/editor.bench';

describe('editor bench (smoke)', () => {
  it('renders every card of the 300-node flow, fitted, and sizes the bundle', async () => {
    const r = await runEditorBench({ samples: 1 });
    expect(r.nodes).toBe(300);
    expect(r.samplesMs).toHaveLength(1);
    expect(Number.isFinite(r.medianMs) && r.medianMs > 0).toBe(true);
    expect(r.bundleGzipBytes).toBeGreaterThan(10_000);
    expect(r.bundleRawBytes).toBeGreaterThan(r.bundleGzipBytes);
  }, 90_000);
});
