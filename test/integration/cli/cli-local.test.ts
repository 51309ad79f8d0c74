/** The real `idflow` CLI on the files in flows/: usage errors, validate, run, test, schema. */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { flowsDir, runCli } from './run-cli';

let tmp: string;
beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'idflow-cli-'));
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

describe('usage', { timeout: 30_000 }, () => {
  it('prints help and the version', async () => {
    const help = await runCli(['--help']);
    expect(help.code).toBe(0);
    for (const c of ['validate', 'run', 'test', 'schema', 'migrate', 'export', 'import', 'diff']) {
      expect(help.stdout).toContain(`  ${c}`);
    }
    expect((await runCli(['--version'])).stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('rejects an unknown flag with exit 2 and says which', async () => {
    const r = await runCli(['validate', '--frobnicate', 'flows']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('unknown option --frobnicate');
    expect(r.stderr).toContain('idflow validate --help');
  });

  it('rejects an unknown command and a missing argument with exit 2', async () => {
    expect(await runCli(['frobnicate'])).toMatchObject({ code: 2 });
    const r = await runCli(['run']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('name the flow file');
  });

  it('works from another working directory', async () => {
    const r = await runCli(['validate', '-q', join(flowsDir, 'sync-attributes.flow.json')], { cwd: tmp });
    expect(r).toMatchObject({ code: 0, stderr: '' });
  });
});

describe('idflow validate', { timeout: 30_000 }, () => {
  it('accepts every example flow', async () => {
    const r = await runCli(['validate', 'flows']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('flows/onboard-new-hire.flow.json: ok');
    expect(r.stdout.trim().split('\n').length).toBeGreaterThanOrEqual(8);
  });

  it('reports bad JSON with line and column', async () => {
    const file = join(tmp, 'broken.flow.json');
    await writeFile(file, '{\n  "schemaVersion": 1,\n  "id": "x"\n  "name": "y"\n}\n');
    const r = await runCli(['validate', file]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${file}:4:3: invalid JSON`);
    expect(r.stderr).toContain('line 4, column 3');
  });

  it('prints file: path: message for each error', async () => {
    const file = join(tmp, 'bad.flow.json');
    const flow = {
      schemaVersion: 1,
      id: 'bad',
      name: 'Bad',
      nodes: [
        { id: 'start', type: 'trigger.manual', position: { x: 0, y: 0 }, config: {} },
        { id: 'x', type: 'scim.frobnicate', position: { x: 1, y: 0 }, config: {} },
        {
          id: 'find',
          type: 'scim.findUser',
          position: { x: 2, y: 0 },
          config: { connection: 'sandbox', count: 'ten' },
        },
      ],
      edges: [{ from: 'start', to: 'find' }],
    };
    await writeFile(file, JSON.stringify(flow));
    const r = await runCli(['validate', file]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${file}: nodes[1].type: unknown node type "scim.frobnicate"`);
    expect(r.stderr).toMatch(new RegExp(`${file.replaceAll('/', '\\/')}: nodes\\[2\\]\\.config\\.count: `));
  });

  it('says clearly when a file is missing or is not a flow', async () => {
    const notFlow = join(tmp, 'list.json');
    await writeFile(notFlow, '[1, 2]');
    const r = await runCli([
      'validate',
      join(tmp, 'nope.flow.json'),
      notFlow,
      join(flowsDir, 'jml-leaver.test.json'),
    ]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('nope.flow.json: no such file');
    expect(r.stderr).toContain('list.json: not a flow file: expected a JSON object, found an array');
    expect(r.stderr).toContain('jml-leaver.test.json: not a flow file: this is a flow test file');
  });
});

describe('idflow run', { timeout: 30_000 }, () => {
  it('runs a flow against an in-process sandbox and prints steps and output', async () => {
    const input = join(tmp, 'hire.json');
    await writeFile(
      input,
      JSON.stringify({
        employeeId: 'E7',
        email: 'zoe.q@example.com',
        givenName: 'Zoe',
        familyName: 'Q',
        department: 'Sales',
      }),
    );
    const r = await runCli(['run', 'flows/onboard-new-hire.flow.json', '--sandbox', '--input', input]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/of onboard-new-hire: succeeded/);
    expect(r.stdout).toMatch(/✓ create\s+scim\.createUser\s+succeeded\s+\d+ ms/);
    expect(r.stdout).toMatch(/- update\s+scim\.updateUser\s+skipped/);
    expect(r.stdout).toContain('"userName": "zoe.q@example.com"');
  });

  it('prints the run record with --json, helper flows from the file folder', async () => {
    const r = await runCli(['run', 'flows/offboard-terminations.flow.json', '--sandbox', '--json']);
    expect(r.code).toBe(0);
    const record = JSON.parse(r.stdout);
    expect(record).toMatchObject({ flowId: 'offboard-terminations', status: 'succeeded' });
    expect(record.output).toMatchObject({ terminations: 2, succeeded: 2 });
    expect(record.steps.find((s: { nodeId: string }) => s.nodeId === 'each').childRunIds).toHaveLength(2);
  });

  it('exits 1 on a failed run and names the error', async () => {
    const input = join(tmp, 'ghost.json');
    await writeFile(input, JSON.stringify({ email: 'ghost@example.com', department: 'Sales' }));
    const r = await runCli(['run', 'flows/jml-mover.flow.json', '--sandbox', '--input', input]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(': failed');
    expect(r.stdout).toContain('NOT_FOUND');
  });

  it('fails a SCIM node cleanly when no connection is given', async () => {
    const r = await runCli(['run', 'flows/jml-leaver.flow.json', '--input', join(tmp, 'ghost.json')]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('CONNECTION_NOT_FOUND');
  });
});

describe('idflow test', { timeout: 60_000 }, () => {
  it('passes every case in flows/', async () => {
    const r = await runCli(['test', 'flows']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/✓ onboard-new-hire › creates a new hire/);
    expect(r.stdout).toMatch(/\d+ passed, 0 failed/);
  });

  it('fails a wrong expectation with expected and actual at the JSON path', async () => {
    const dir = join(tmp, 'failing');
    await runCli(['--version']);
    await import('node:fs/promises').then((fs) => fs.mkdir(dir, { recursive: true }));
    const flow = await import('node:fs/promises').then((fs) =>
      fs.readFile(join(flowsDir, 'jml-leaver.flow.json')),
    );
    await writeFile(join(dir, 'jml-leaver.flow.json'), flow);
    await writeFile(
      join(dir, 'jml-leaver.test.json'),
      JSON.stringify({
        flow: 'jml-leaver',
        cases: [
          {
            name: 'wrong on purpose',
            trigger: { kind: 'call', data: { email: 'carol.nguyen@example.com' } },
            expect: {
              output: { removedFrom: ['Sales'] },
              scim: { users: [{ userName: 'carol.nguyen@example.com', active: true }] },
            },
          },
          {
            name: 'right',
            trigger: { kind: 'call', data: { email: 'ghost@example.com' } },
            expect: { output: { found: false } },
          },
        ],
      }),
    );
    const r = await runCli(['test', dir]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('✗ jml-leaver › wrong on purpose');
    expect(r.stdout).toContain('✓ jml-leaver › right');
    expect(r.stdout).toContain('at output.removedFrom[0]: no element matches');
    expect(r.stdout).toContain('expected: "Sales"');
    expect(r.stdout).toContain('actual:   "Engineering"');
    expect(r.stdout).toContain(
      'at scim.users[0]: no resource matches; the closest differs at scim.users[0].active',
    );
    expect(r.stdout).toContain('1 passed, 1 failed');
  });

  it('reports an invalid test file with its path', async () => {
    const dir = join(tmp, 'invalid-test');
    await import('node:fs/promises').then((fs) => fs.mkdir(dir, { recursive: true }));
    await writeFile(
      join(dir, 'x.test.json'),
      JSON.stringify({ flow: 'x', cases: [{ name: 'a', expect: { stat: 1 } }] }),
    );
    const r = await runCli(['test', dir]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('x.test.json: cases.0.expect: Unrecognized key: "stat"');
  });
});

describe('idflow schema', () => {
  it('prints the flow JSON Schema and the test file schema', async () => {
    const flow = JSON.parse((await runCli(['schema'])).stdout);
    expect(flow.title).toBe('idflow flow file');
    expect(flow.properties.schemaVersion).toBeDefined();
    const test = JSON.parse((await runCli(['schema', '--test'])).stdout);
    expect(test.title).toBe('idflow flow test file');
  }, 30_000);
});
