// CLI entry point (`pnpm --filter scim-sandbox start`): reads env/flags, starts the sandbox, prints how to use it.
import { DEFAULT_TOKEN, loadConfig } from './config';
import { startSandbox } from './start';

const { config, errors } = loadConfig(process.env, process.argv.slice(2));
if (!config) {
  console.error('scim-sandbox: invalid configuration');
  for (const e of errors) console.error(`  - ${e}`);
  process.exit(1);
}

const sandbox = await startSandbox({ ...config });
const off = Object.entries(config.features)
  .filter(([, on]) => !on)
  .map(([name]) => name);
console.log(`scim-sandbox listening
  SCIM base URL : ${sandbox.url}
  bearer token  : ${config.token}${config.token === DEFAULT_TOKEN ? ' (default dev token)' : ''}
  data          : ${config.dataFile ?? 'in memory'}
  features off  : ${off.length ? off.join(', ') : 'none'}
  HR feed       : ${sandbox.origin}/hr/hires, ${sandbox.origin}/hr/terminations
try: curl -H 'Authorization: Bearer ${config.token}' '${sandbox.url}/Users?count=2'`);

const shutdown = (): void => {
  sandbox.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
};
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
