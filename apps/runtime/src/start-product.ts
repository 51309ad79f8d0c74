/**
 * `npm start` at the repo root: the SCIM sandbox and the runtime together, the `sandbox` and `hr-feed` connections
 * pointing at it, the flows in ./flows loaded on first start (enabled), a known dev webhook token for the example
 * webhook flows (unless IDFLOW_DEMO=off), and the editor URL, admin token and a curl per webhook flow printed.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startSandbox } from 'scim-sandbox';
import { ConfigError, loadConfig } from './config';
import { flowTrigger } from './flow-triggers';
import { curlFor, readFlowFiles } from './product/flows-loader';
import { saveConnection } from './routes/connections';
import { setWebhookSecret } from './routes/flow-triggers';
import { startRuntime } from './server';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const DEV_WEBHOOK_TOKEN = 'dev-webhook-token-change-me';
const FLOWS_LOADED = 'product.flowsLoaded';

async function main(): Promise<void> {
  const env = process.env;
  const config = loadConfig(env, process.argv.slice(2));
  const sandboxToken = env.SCIM_SANDBOX_TOKEN ?? 'sandbox-token';
  const sandboxData = env.SCIM_SANDBOX_DATA;
  const feature = (name: string) =>
    env[name] === undefined ? undefined : !['0', 'false', 'off'].includes(env[name]!);
  const sandbox = await startSandbox({
    port: env.SCIM_SANDBOX_PORT ? Number(env.SCIM_SANDBOX_PORT) : 8090,
    host: env.SCIM_SANDBOX_HOST ?? '127.0.0.1',
    token: sandboxToken,
    dataFile:
      sandboxData === 'memory' ? undefined : (sandboxData ?? path.join(config.dataDir, 'scim-sandbox.json')),
    features: {
      patch: feature('SCIM_SANDBOX_PATCH'),
      etag: feature('SCIM_SANDBOX_ETAG'),
      bulk: feature('SCIM_SANDBOX_BULK'),
      sort: feature('SCIM_SANDBOX_SORT'),
    },
  });
  const rt = await startRuntime(config);
  const c = rt.runtime.context;
  for (const conn of [
    { name: 'sandbox', kind: 'scim' as const, baseUrl: sandbox.url },
    { name: 'hr-feed', kind: 'http' as const, baseUrl: sandbox.origin },
  ]) {
    const previous = await c.store.getConnection(conn.name);
    await saveConnection(
      c,
      { ...conn, auth: { type: 'bearer', token: sandboxToken }, options: previous?.options ?? {} },
      previous,
    );
  }

  if (!(await c.store.getSetting(FLOWS_LOADED))) {
    const files = await readFlowFiles(config.flowsDir ?? path.join(repoRoot, 'flows'));
    try {
      const result = await c.flows.importFlows(
        files.map((f) => f.json),
        true,
      );
      await c.store.setSetting(FLOWS_LOADED, new Date().toISOString());
      c.log.info(result, 'loaded the flows folder');
    } catch (err) {
      c.log.error(
        { err, details: (err as { details?: unknown }).details },
        'could not load the flows folder; import them from the editor',
      );
    }
  }
  const samples = new Map(
    (await readFlowFiles(config.flowsDir ?? path.join(repoRoot, 'flows'))).map((f) => [
      (f.json as { id?: string }).id,
      f.sampleBody,
    ]),
  );

  const lines = [
    '',
    `idflow is running`,
    `  editor      : ${rt.url}/`,
    `  admin token : ${rt.runtime.generatedAdminToken ?? (config.adminToken ? '(from IDFLOW_ADMIN_TOKEN)' : '(printed at first start; set IDFLOW_ADMIN_TOKEN to choose one)')}`,
    `  SCIM sandbox: ${sandbox.url} (token ${sandboxToken})`,
  ];
  for (const s of await c.store.listFlows()) {
    const hook = s.enabled ? flowTrigger(s.flow, c.catalog)?.webhook : undefined;
    if (!hook) continue;
    const entry = await c.store.getWebhookSecret(s.flow.id);
    if (!entry && env.IDFLOW_DEMO !== 'off') await setWebhookSecret(c, s.flow.id, DEV_WEBHOOK_TOKEN);
    const current = entry
      ? c.cipher.decrypt(entry.secret)
      : env.IDFLOW_DEMO !== 'off'
        ? DEV_WEBHOOK_TOKEN
        : undefined;
    const known = current === DEV_WEBHOOK_TOKEN ? current : '<webhook secret>';
    lines.push(
      `  webhook ${s.flow.id}:`,
      `  ${curlFor(`${rt.url}/hooks/${hook.path}`, hook.auth, known, samples.get(s.flow.id))}`,
    );
  }
  process.stdout.write(`${lines.join('\n')}\n\n`);

  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    rt.close()
      .then(() => sandbox.close())
      .then(
        () => process.exit(0),
        () => process.exit(1),
      );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((err) => {
  process.stderr.write(
    `${err instanceof ConfigError ? err.message : `idflow failed to start: ${err instanceof Error ? err.stack : String(err)}`}\n`,
  );
  process.exit(1);
});
