/** `idflow schema [--test]`: prints the flow file JSON Schema, or the flow test file's. */
import { generateFlowJsonSchema } from '@idflow/engine';
import { parseCommandArgs } from '../cli-args';
import { out } from '../io/output';
import { flowTestJsonSchema } from '../testing/test-file-schema';

export const schemaUsage = `Usage: idflow schema [--test]

Prints the JSON Schema of flow files (or, with --test, of <id>.test.json files) to stdout.`;

export async function schemaCommand(argv: string[]): Promise<number> {
  const { values } = parseCommandArgs('schema', argv, { test: { type: 'boolean' } });
  if (values.help) {
    out(schemaUsage);
    return 0;
  }
  const schema = values.test ? flowTestJsonSchema() : generateFlowJsonSchema();
  out(JSON.stringify(schema, null, 2));
  return 0;
}
