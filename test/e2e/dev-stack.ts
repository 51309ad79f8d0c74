/** Manual helper: `npx tsx test/e2e/dev-stack.ts` starts runtime + sandbox and prints the URL and token. */
import { ADMIN_TOKEN, startStack } from './stack';

const stack = await startStack();
process.stdout.write(`editor: ${stack.url}/  token: ${ADMIN_TOKEN}  scim: ${stack.sandbox.url}\n`);
const stop = () => void stack.close().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
