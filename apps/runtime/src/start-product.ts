/**
 * `npm start` at the repo root: the SCIM sandbox and the runtime together, the `sandbox` and `hr-feed` connections
 * pointing at it, the flows in ./flows loaded on first start (enabled), a known dev webhook token for the example
 * webhook flows (only on a loopback host outside production, unless IDFLOW_DEMO=off), and the editor URL, admin
 * token and a curl per webhook flow printed (or how to set a secret).
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startSandbox } from 'scim-sandbox';
import { ConfigError, loadConfig } from './config';
import { demoWebhookLines } from './product/demo-webhooks';
import { readFlowFiles } from './product/flows-loader';
import { saveConnection } from './routes/connections';
import { startRuntime } from './server';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

export { DEV_WEBHOOK_TOKEN } from './product/demo-webhooks';

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
  lines.push(...(await demoWebhookLines(c, { url: rt.url, host: config.host, env, samples })));
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
