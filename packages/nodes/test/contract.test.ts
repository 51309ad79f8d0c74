/** The contract every built-in node type passes: schema → JSON Schema, complete definition, valid example flow. */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { validateFlow } from '@idflow/engine';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { builtinDefinitions } from '../src/definitions';
import { builtinNodeTypes, createBuiltinCatalog } from '../src/index';

const src = join(dirname(fileURLToPath(import.meta.url)), '../src');

/** Every folder under src holding a definition.ts, e.g. `scim/create-user`. */
function nodeFolders(dir = src, prefix = ''): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    if (!statSync(full).isDirectory()) return [];
    const rel = prefix ? `${prefix}/${name}` : name;
    const here = readdirSync(full).includes('definition.ts') ? [rel] : [];
    return [...here, ...nodeFolders(full, rel)];
  });
}

const catalog = createBuiltinCatalog();
const folders = nodeFolders();

describe('node type registry', () => {
  it('has one node type per folder, the same list as the browser-safe definitions', () => {
    expect(builtinNodeTypes.length).toBe(folders.length);
    expect(builtinDefinitions.map((d) => d.type)).toEqual(builtinNodeTypes.map((t) => t.type));
  });

  it('rejects a duplicate type id', () => {
    expect(() => createBuiltinCatalog([builtinNodeTypes[0]!])).toThrow(/Duplicate node type/);
  });
});

describe.each(folders)('node type in %s', (folder) => {
  const example = JSON.parse(readFileSync(join(src, folder, 'example.flow.json'), 'utf8'));
  const types = new Set<string>(example.nodes.map((n: { type: string }) => n.type));
  const def = builtinNodeTypes.find(
    (t) =>
      types.has(t.type) &&
      folder.endsWith(t.type.split('.')[1]!.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)),
  );

  it('is registered, matching its folder name', () => {
    expect(def, `no registered type for ${folder}`).toBeDefined();
  });

  it('has a complete definition', () => {
    if (!def) return;
    expect(def.type).toMatch(/^[a-z]+\.[a-zA-Z]+$/);
    expect(def.type.split('.')[0]).toBe(folder.split('/')[0]);
    expect(def.category).toBe(folder.split('/')[0]);
    expect(def.title.length).toBeGreaterThan(1);
    expect(def.description.length).toBeGreaterThan(30);
    expect(def.output).toBeTypeOf('object');
    expect(def.hasInput).toBe(def.category !== 'trigger');
    expect(typeof def.run).toBe('function');
    if (def.sideEffects === true)
      expect(typeof def.plan, `${def.type} writes, so it needs plan()`).toBe('function');
    for (const [field, kind] of Object.entries(def.connectionFields ?? {})) {
      expect(['scim', 'http']).toContain(kind);
      expect(Object.keys((def.config as z.ZodObject).shape)).toContain(field);
    }
  });

  it('converts its config schema to JSON Schema with titles or descriptions on every field', () => {
    if (!def) return;
    const schema = z.toJSONSchema(def.config, { io: 'input', unrepresentable: 'any' }) as {
      type?: string;
      properties?: Record<string, { title?: string; description?: string }>;
    };
    expect(schema.type).toBe('object');
    for (const [name, prop] of Object.entries(schema.properties ?? {})) {
      expect(prop.title ?? prop.description, `${def.type}.${name} needs .meta()`).toBeTruthy();
    }
  });

  it('has an example flow that validates against the builtin catalog', () => {
    const result = validateFlow(example, catalog);
    if (!result.ok) expect(result.errors).toEqual([]);
    expect(result.ok).toBe(true);
  });
});

describe('browser safety of @idflow/nodes/definitions', () => {
  it('imports no node: module, no SCIM client and no run code, transitively', () => {
    const seen = new Set<string>();
    const visit = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      const text = readFileSync(file, 'utf8');
      for (const [, spec] of text.matchAll(/from '([^']+)'/g)) {
        expect(spec, `${file} imports ${spec}`).not.toMatch(/^node:|^@idflow\/scim|\/run$|^@idflow\/engine$/);
        if (spec!.startsWith('.')) visit(join(dirname(file), `${spec}.ts`));
      }
    };
    visit(join(src, 'definitions.ts'));
    expect(seen.size).toBeGreaterThan(folders.length);
  });
});
