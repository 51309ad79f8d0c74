/**
 * Version history and the cursor insert, end to end: a real runtime serving the built editor, headless chromium.
 * Saves a flow twice with a change, reads the diff in History, restores the older version, saves it, and checks
 * through the API that the new current version holds the old content.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, screenshot, signIn } from './browser';
import { ADMIN_TOKEN, type Stack, startStack } from './stack';

const FLOW_ID = 'e2e-history';
const SEED = {
  schemaVersion: 1,
  id: FLOW_ID,
  name: 'E2E history',
  nodes: [
    { id: 'webhook', type: 'trigger.webhook', position: { x: 0, y: 0 }, config: { path: 'e2e-history' } },
    {
      id: 'create-user',
      type: 'scim.createUser',
      position: { x: 300, y: 0 },
      config: { connection: 'sandbox', user: { userName: '=trigger.body.email', givenName: 'Ada' } },
    },
    { id: 'respond', type: 'flow.respond', position: { x: 600, y: 0 }, config: { status: 201 } },
  ],
  edges: [
    { from: 'webhook', to: 'create-user' },
    { from: 'create-user', to: 'respond' },
  ],
};

interface Envelope {
  flow: unknown;
  version: number;
  hash: string;
}

let stack: Stack;
let browser: Browser;
let page: Page;
/** Hash of each saved version, by version number, as the API reported it right after the save. */
const hashes = new Map<number, string>();

beforeAll(async () => {
  stack = await startStack();
  browser = await launchChromium();
  page = await (await browser.newContext({ viewport: { width: 1600, height: 900 } })).newPage();
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

async function current(): Promise<Envelope> {
  return (await (await stack.api(`/api/v1/flows/${FLOW_ID}`)).json()) as Envelope;
}

async function save(expectedVersion: number): Promise<void> {
  await page.getByTestId('save').click();
  await page.getByTestId('dirty-marker').waitFor({ state: 'detached' });
  const env = await current();
  expect(env.version).toBe(expectedVersion);
  hashes.set(env.version, env.hash);
}

/** The create-user node's given name as the inspector shows it. */
async function givenName(): Promise<string> {
  await page.getByTestId('node-create-user').click();
  return page.getByTestId('field-user.givenName-input').inputValue();
}

describe('version history e2e', () => {
  it('saves the flow twice with a change', async () => {
    const created = await stack.api('/api/v1/flows', { method: 'POST', body: SEED });
    expect(created.status).toBe(201);
    hashes.set(1, ((await created.json()) as Envelope).hash);

    await signIn(page, stack.url, ADMIN_TOKEN);
    await page.goto(`${stack.url}/#/flows/${FLOW_ID}`);
    await page.getByTestId('node-create-user').click();
    await page.getByTestId('field-user.familyName-input').fill('Lovelace');
    await save(2);
    await page.getByTestId('field-user.givenName-input').fill('Grace');
    await save(3);
  });

  it('opens History and reads the diff naming the change', async () => {
    await page.getByTestId('history').click();
    const dialog = page.getByTestId('history-dialog');
    await dialog.getByTestId('version-3').waitFor();
    expect(await dialog.getByTestId('version-list').locator('button').count()).toBe(3);
    // The version before the current one is preselected and compared with the canvas.
    expect(await dialog.getByTestId('version-2').getAttribute('aria-pressed')).toBe('true');
    await expect
      .poll(() => dialog.getByTestId('diff-summary').textContent())
      .toBe('From version 2 to the canvas (version 3): 1 node changed.');
    const change = await dialog.getByTestId('diff-node-create-user').textContent();
    expect(change).toContain('config.user.givenName: "Ada" → "Grace"');
    expect(change).not.toContain('familyName');

    // The current version is what the canvas holds: nothing to show, nothing to restore.
    await dialog.getByTestId('version-3').click();
    await dialog.getByTestId('diff-empty').waitFor();
    await dialog.getByTestId('history-on-canvas').waitFor();
    expect(await dialog.getByTestId('history-restore').isDisabled()).toBe(true);

    // Two saved versions against each other.
    await dialog.getByTestId('version-1').click();
    await dialog.getByTestId('history-against').selectOption({ label: 'version 3' });
    await expect
      .poll(() => dialog.getByTestId('diff-summary').textContent())
      .toBe('From version 1 to version 3: 1 node changed.');
    const both = await dialog.getByTestId('diff-node-create-user').textContent();
    expect(both).toContain('config.user.familyName: (none) → "Lovelace"');
    expect(both).toContain('config.user.givenName: "Ada" → "Grace"');
    await screenshot(page, 'editor-history.png');
  });

  it('restores the older version as an undoable unsaved change', async () => {
    const dialog = page.getByTestId('history-dialog');
    await dialog.getByTestId('version-2').click();
    await dialog.getByTestId('history-restore').click();
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => page.getByTestId('notice').textContent()).toMatch(/^Version 2 loaded as unsaved/);
    await page.getByTestId('dirty-marker').waitFor();
    expect(await current()).toMatchObject({ version: 3 }); // nothing stored until Save
    await expect.poll(givenName).toBe('Ada');

    await page.keyboard.press('Control+z');
    await expect.poll(givenName).toBe('Grace');
    await page.keyboard.press('Control+Shift+z');
    await expect.poll(givenName).toBe('Ada');
  });

  it('saves the restored version as the new current version with the old content', async () => {
    await save(4);
    const now = await current();
    const old = (await (
      await stack.api(`/api/v1/flows/${FLOW_ID}/versions/${hashes.get(2)}`)
    ).json()) as Envelope;
    expect(now.hash).toBe(hashes.get(2));
    expect(now.flow).toEqual(old.flow);
    const list = (await (await stack.api(`/api/v1/flows/${FLOW_ID}/versions`)).json()) as {
      items: { version: number; hash: string }[];
    };
    // One entry per content: the restored content moved to version 4.
    expect(list.items.map((v) => [v.version, v.hash])).toEqual([
      [4, hashes.get(2)],
      [3, hashes.get(3)],
      [1, hashes.get(1)],
    ]);
  });

  it('inserts a picked field at the cursor of an expression, and turns a literal into the pick', async () => {
    await page.getByTestId('node-create-user').click();
    const userName = page.getByTestId('field-user.userName-expr');
    await userName.fill('$lowercase()');
    await userName.press('End');
    await userName.press('ArrowLeft');
    await page.getByTestId('field-user.userName-pick').click();
    await page.getByTestId('pick-trigger.body').click();
    // The caret lands right after the inserted field (on the next frame), so typing carries on from there.
    await expect.poll(() => userName.evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.type('.email');
    await expect.poll(() => userName.inputValue()).toBe('$lowercase(trigger.body.email)');

    await page.getByTestId('field-user.familyName-pick').click();
    await page.getByTestId('pick-trigger.body').click();
    await expect.poll(() => page.getByTestId('field-user.familyName-expr').inputValue()).toBe('trigger.body');

    // A box the admin has not put a cursor in since it appeared gets the pick at the end.
    await page.getByTestId('node-respond').click();
    await page.getByTestId('node-create-user').click();
    await page.getByTestId('field-user.userName-pick').click();
    await page.getByTestId('pick-trigger.body').click();
    await expect.poll(() => userName.inputValue()).toBe('$lowercase(trigger.body.email)trigger.body');
  });
});
