/** Regenerates packages/engine/schema/flow.schema.json from FlowSchema: `npx tsx packages/engine/scripts/write-schema.ts`. */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { generateFlowJsonSchema } from '../src/model/json-schema';

const target = fileURLToPath(new URL('../schema/flow.schema.json', import.meta.url));
writeFileSync(target, `${JSON.stringify(generateFlowJsonSchema(), null, 2)}\n`);
console.log(`wrote ${target}`);
