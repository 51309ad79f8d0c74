/**
 * Editor end to end: a real runtime serving the built editor, a real SCIM sandbox, headless chromium.
 * Builds a webhook → scim.createUser → flow.respond flow on the canvas, runs it, reads the run, round-trips export.
 */
import { readFile } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { connect, dragFromPalette, launchChromium, screenshot, signIn } from './browser';
import { ADMIN_TOKEN, SCIM_TOKEN, type Stack, startStack } from './stack';

let stack: Stack;
let browser: Browser;
let page: Page;
const FLOW_ID = 'e2e-onboarding';
const EMAIL = `ada.${Date.now()}@example.com`;

beforeAll(async () => {
  stack = await startStack();
  browser = await launchChromium();
  const context = await browser.newContext({ viewport: { width: 1600, height: 900 }, acceptDownloads: true });
  page = await context.newPage();
});

afterEach(async (ctx) => {
  if (ctx.task.result?.state === 'fail' && page) {
    await screenshot(page, `failed-${ctx.task.name.replace(/[^a-z0-9]+/gi, '-')}.png`).catch(() => undefined);
  }
});

afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

async function scimUser(userName: string): Promise<{ id: string; userName: string } | undefined> {
  const filter = encodeURIComponent(`userName eq "${userName}"`);
  const res = await fetch(`${stack.sandbox.url}/Users?filter=${filter}`, {
    headers: { Authorization: `Bearer ${SCIM_TOKEN}` },
  });
  const body = (await res.json()) as { Resources?: { id: string; userName: string }[] };
  return body.Resources?.[0];
}

describe('editor e2e', () => {
  it('signs in and creates an empty flow', async () => {
    await signIn(page, stack.url, ADMIN_TOKEN);
    await page.getByTestId('flows-new').click();
    await page.getByTestId('new-flow-name').fill('E2E onboarding');
    await expect.poll(() => page.getByTestId('new-flow-id').inputValue()).toBe(FLOW_ID);
    await page.getByTestId('new-flow-create').click();
    await page.getByTestId('canvas').waitFor();
  });

  it('builds the flow by dragging, connecting and mapping fields', async () => {
    await dragFromPalette(page, 'trigger.webhook', 150, 250);
    await dragFromPalette(page, 'scim.createUser', 450, 250);
    await dragFromPalette(page, 'flow.respond', 750, 250);
    await page.getByTestId('node-webhook').waitFor();
    await page.getByTestId('node-create-user').waitFor();
    await page.getByTestId('node-respond').waitFor();

    await connect(page, 'webhook', 'out', 'create-user');
    await connect(page, 'create-user', 'out', 'respond');
    await expect.poll(() => page.locator('.react-flow__edge').count()).toBe(2);

    // An edge that would close a cycle is refused with a message (triggers offer no input handle at all).
    await connect(page, 'respond', 'out', 'create-user');
    await expect.poll(() => page.getByTestId('notice').textContent()).toMatch(/cycle/);
    expect(await page.getByTestId('node-webhook').locator('.react-flow__handle.target').count()).toBe(0);
    await expect.poll(() => page.locator('.react-flow__edge').count()).toBe(2);

    // Invalid config shows its marker: createUser has no user yet.
    await page.getByTestId('node-invalid-create-user').waitFor();

    await page.getByTestId('node-create-user').click();
    await page.getByTestId('field-connection-input').selectOption('sandbox');
    await page.getByTestId('field-user.userName-pick').click();
    await page.getByTestId('pick-trigger.body').click();
    const expr = page.getByTestId('field-user.userName-expr');
    await expr.fill('trigger.body.email');
    await page.getByTestId('field-user.givenName-input').fill('Ada');

    await page.getByTestId('node-respond').click();
    await page.getByTestId('field-body-pick').click();
    await page.getByTestId('pick-steps.`create-user`.user.id').click();
    await expect
      .poll(() => page.getByTestId('field-body-expr').inputValue())
      .toBe('steps.`create-user`.user.id');

    await expect.poll(() => page.getByTestId('node-invalid-create-user').count()).toBe(0);
    await expect.poll(() => page.getByTestId('validity').textContent()).toBe('valid');
  });

  it('saves, runs with a payload and every node turns green', async () => {
    await page.getByTestId('save').click();
    await page.getByTestId('dirty-marker').waitFor({ state: 'detached' });
    await page.getByTestId('run').click();
    await page.getByTestId('webhook-curl').waitFor();
    await page.getByTestId('run-input').fill(JSON.stringify({ email: EMAIL }));
    await page.getByTestId('run-start').click();
    for (const id of ['webhook', 'create-user', 'respond']) {
      await expect
        .poll(() => page.getByTestId(`node-${id}`).getAttribute('data-status'), { timeout: 20_000 })
        .toBe('succeeded');
    }
    await screenshot(page, 'editor-canvas.png');
  });

  it('opens the run and reads the created user id in the step output', async () => {
    await page.getByTestId('tab-runs').click();
    await page.locator('[data-testid^="run-item-"]').first().click();
    await page.getByTestId('node-create-user').click();
    await page.getByTestId('inspector-tab-run').click();
    const output = JSON.parse((await page.getByTestId('step-output').textContent()) ?? '{}') as {
      user?: { id?: string };
    };
    const user = await scimUser(EMAIL);
    expect(user?.id).toBeTruthy();
    expect(output.user?.id).toBe(user?.id);
    await screenshot(page, 'editor-run.png');
  });

  it('exports, deletes and re-imports the same flow', async () => {
    await page.getByTestId('nav-flows').click();
    const row = page.getByTestId(`flow-row-${FLOW_ID}`);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      row.getByTestId('flow-export').click(),
    ]);
    expect(download.suggestedFilename()).toBe(`${FLOW_ID}.flow.json`);
    const file = await download.path();
    const exported = await readFile(file, 'utf8');

    await row.getByTestId('flow-delete').click();
    await page.getByTestId('confirm-ok').click();
    await row.waitFor({ state: 'detached' });

    await page.getByTestId('flows-import').click();
    await page.getByTestId('import-file').setInputFiles(file);
    await page.getByTestId(`flow-row-${FLOW_ID}`).waitFor();
    const again = await (await stack.api(`/api/v1/flows/${FLOW_ID}/export`)).text();
    expect(again).toBe(exported);
  });

  it('refuses an invalid import and lists errors with their paths', async () => {
    await page.getByTestId('flows-import').click();
    const bad = {
      schemaVersion: 1,
      id: 'bad-flow',
      name: 'Bad',
      nodes: [{ id: 'x', type: 'scim.createUser', position: { x: 0, y: 0 }, config: {} }],
      edges: [],
    };
    await page.getByTestId('import-file').setInputFiles({
      name: 'bad-flow.flow.json',
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify(bad)),
    });
    await expect.poll(() => page.getByTestId('import-issues').textContent()).toContain('nodes[0].config');
    expect((await stack.api('/api/v1/flows/bad-flow')).status).toBe(404);
  });

  it('saves a half-configured flow as a draft that survives a reload', async () => {
    await page.keyboard.press('Escape'); // the import dialog of the previous test
    await page.getByTestId('nav-flows').click();
    await page.getByTestId('flows-new').click();
    await page.getByTestId('new-flow-name').fill('E2E draft');
    await page.getByTestId('new-flow-create').click();
    await page.getByTestId('canvas').waitFor();
    await dragFromPalette(page, 'trigger.webhook', 150, 250);
    await dragFromPalette(page, 'scim.createUser', 450, 250);
    await connect(page, 'webhook', 'out', 'create-user');
    await expect.poll(() => page.getByTestId('validity').textContent()).toMatch(/^draft · \d+ problems?$/);
    expect(await page.getByTestId('run').isDisabled()).toBe(true);
    expect(await page.getByTestId('run').getAttribute('title')).toMatch(/draft/);

    await page.getByTestId('save').click();
    await expect
      .poll(() => page.getByTestId('notice').textContent())
      .toMatch(/^Saved as draft — \d+ problem/);
    await page.getByTestId('dirty-marker').waitFor({ state: 'detached' });

    await page.getByTestId('nav-flows').click();
    const row = page.getByTestId('flow-row-e2e-draft');
    await expect.poll(() => row.getByTestId('flow-draft').textContent()).toMatch(/^draft · \d+ problems?$/);
    await row.getByTestId('flow-enabled').click();
    await expect.poll(() => page.getByTestId('flows-message').textContent()).toMatch(/cannot be enabled/);
    expect(await row.getByTestId('flow-enabled').isChecked()).toBe(false);

    await page.reload();
    await page.getByTestId('flow-row-e2e-draft').getByTestId('flow-open').click();
    await page.getByTestId('node-create-user').waitFor();
    await page.getByTestId('node-webhook').waitFor();
    await expect.poll(() => page.locator('.react-flow__edge').count()).toBe(1);
    await expect.poll(() => page.getByTestId('validity').textContent()).toMatch(/^draft · /);
    const stored = (await (await stack.api('/api/v1/flows/e2e-draft')).json()) as {
      valid: boolean;
      enabled: boolean;
    };
    expect(stored).toMatchObject({ valid: false, enabled: false });
  });
});
