/** SCIM filter injection: hostile trigger values mapped into scim.findUser never widen the search (real sandbox). */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningSandbox, startSandbox } from '../../apps/scim-sandbox/src/index';
import { connectionsOf, flowOf, runManual, stepOf } from '../support/engine-kit';

const TOKEN = 'filter-injection-token';
let sandbox: RunningSandbox;
let userNames: string[] = [];

beforeAll(async () => {
  sandbox = await startSandbox({ token: TOKEN, port: 0 });
  userNames = sandbox.store.listUsers().map((u) => String(u.userName));
});
afterAll(async () => {
  await sandbox?.close();
});

const conns = () =>
  connectionsOf([
    { name: 'sandbox', kind: 'scim', baseUrl: sandbox.url, auth: { type: 'bearer', token: TOKEN } },
  ]);

type FindOutput = { found: boolean; users: Array<{ userName: string }>; totalResults: number };

async function findBy(field: 'userName' | 'email' | 'externalId', value: string) {
  const flow = flowOf('inject', [
    {
      id: 'find',
      type: 'scim.findUser',
      config: { connection: 'sandbox', [field]: `=trigger.value`, count: 200 },
    },
  ]);
  return runManual(flow, { value }, { connections: conns() });
}

const HOSTILE = [
  '" or userName pr or userName eq "',
  'x" or "1" eq "1',
  'alice.johnson@example.com" or userName pr or "a" eq "a',
  'alice.johnson@example.com") or (userName pr',
  '*',
  '%',
  'userName pr',
  '\\" or userName pr or \\"',
  'alice.johnson@example.com\\',
  '" or active eq true or userName eq "',
  'a" or title co "',
  '\u201d or userName pr or userName eq \u201c',
  '" or userName sw "',
  'alice.johnson@example.com" and userName pr) or (userName pr',
];

describe('scim.findUser with hostile mapped values', () => {
  it('the sandbox has several users to leak', () => {
    expect(userNames.length).toBeGreaterThanOrEqual(3);
  });

  it('finds nothing for each injection attempt (userName, email, externalId)', async () => {
    for (const value of HOSTILE) {
      for (const field of ['userName', 'email', 'externalId'] as const) {
        const run = await findBy(field, value);
        const step = stepOf(run, 'find');
        const label = `${field}=${value}`;
        if (step.status === 'failed') {
          // Refusing the value is acceptable; widening the search is not.
          expect(step.error?.code, label).toMatch(/^(CONFIG_INVALID|SCIM_ERROR)$/);
          continue;
        }
        const out = step.output as FindOutput;
        expect(out.found, label).toBe(false);
        expect(out.totalResults, label).toBe(0);
      }
    }
  });

  it('finds only the exact user for an exact value', async () => {
    const target = userNames[0]!;
    const run = await findBy('userName', target);
    const out = stepOf(run, 'find').output as FindOutput;
    expect(out.users.map((u) => u.userName)).toEqual([target]);
  });

  it('arbitrary strings never return a user whose userName differs from the value', async () => {
    const quotesAndOps = fc.constantFrom(
      '"',
      '\\',
      ' or ',
      ' and ',
      ' pr',
      ' eq ',
      '(',
      ')',
      '[',
      ']',
      'userName',
      '*',
    );
    const piece = fc.oneof(fc.string({ maxLength: 8 }), quotesAndOps, fc.constantFrom(...userNames));
    const value = fc.array(piece, { minLength: 1, maxLength: 6 }).map((p) => p.join('').slice(0, 500));
    await fc.assert(
      fc.asyncProperty(
        value.filter((v) => v.length > 0),
        async (v) => {
          const run = await findBy('userName', v);
          const step = stepOf(run, 'find');
          if (step.status === 'failed') {
            expect(step.error?.code).toMatch(/^(CONFIG_INVALID|SCIM_ERROR)$/);
            return;
          }
          const out = step.output as FindOutput;
          for (const u of out.users) expect(u.userName.toLowerCase()).toBe(v.toLowerCase());
          expect(out.users.length).toBeLessThanOrEqual(1);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('refuses a hostile attribute name mapped into `where`', async () => {
    const flow = flowOf('inject-attr', [
      {
        id: 'find',
        type: 'scim.findUser',
        config: {
          connection: 'sandbox',
          where: [{ attribute: '=trigger.attr', op: 'eq', value: 'x' }],
          count: 200,
        },
      },
    ]);
    for (const attr of [
      'userName pr or userName',
      'userName eq "x" or userName',
      'title) or (userName pr',
      'a"b',
    ]) {
      const run = await runManual(flow, { attr }, { connections: conns() });
      const step = stepOf(run, 'find');
      if (step.status === 'succeeded') expect((step.output as FindOutput).found, attr).toBe(false);
      else expect(step.error?.code, attr).toMatch(/^(CONFIG_INVALID|SCIM_ERROR)$/);
    }
  });
});
