/** The migrate-store command: a data folder copied into a PostgreSQL schema named in the URL; bad arguments exit 2. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, it } from 'vitest';
import { createFileStore } from '../store/file-store/file-store';
import { hashOf, makeFlow, makeRun } from '../store/store-fixtures';
import { createPostgresStore } from '../store-postgres/postgres-store';
import { makeTestPgStore, PG_URL, testSchemaName } from '../store-postgres/testing';
import { runMigrateStoreCli } from './migrate-store-cli';

it('copies a data folder into postgres://…?schema=… and reports what it copied', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'idflow-cli-'));
  const file = createFileStore({ dir, warn: () => {} });
  await file.open();
  const f = makeFlow('onboard');
  await file.saveFlow(f, { hash: hashOf(f) });
  await file.setSetting('custom-setting', 'yes');
  await file.saveRun(makeRun({ id: 'r1', flowId: 'onboard' }));
  await file.close();

  const schema = testSchemaName();
  const lines: string[] = [];
  const code = await runMigrateStoreCli(['--from', dir, `--to=${PG_URL}?schema=${schema}`], (l) =>
    lines.push(l),
  );
  expect(code).toBe(0);
  expect(lines.at(-1)).toMatch(/Copied 1 flows .* 1 settings and 1 runs/);

  const pg = createPostgresStore({ connectionString: PG_URL, schema });
  await pg.open();
  expect((await pg.getFlow('onboard'))?.hash).toBe(hashOf(f));
  expect(await pg.getSetting('custom-setting')).toBe('yes');
  expect((await pg.getRun('r1'))?.flowId).toBe('onboard');
  await pg.close();
  await makeTestPgStore(schema).cleanup();
  await rm(dir, { recursive: true, force: true });
});

it('exits 2 with usage on missing arguments', async () => {
  const errors: string[] = [];
  expect(
    await runMigrateStoreCli(
      ['--from', 'data'],
      () => {},
      (l) => errors.push(l),
    ),
  ).toBe(2);
  expect(errors.join('\n')).toMatch(/--to is required/);
});
