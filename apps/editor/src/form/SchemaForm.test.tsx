// @vitest-environment happy-dom
/** The generated config form: every field kind renders, literal/expression toggles, the picker inserts mappings. */
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { useState } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import type { ConnectionView, JsonSchema } from '../api/schemas';
import { SchemaForm } from './SchemaForm';
import type { PickGroup } from './upstream';

const EXPR = { type: 'string', pattern: '^=(?!=)[\\s\\S]+$', title: 'Expression' };
const schema: JsonSchema = {
  type: 'object',
  properties: {
    connection: { type: 'string', description: 'SCIM connection' },
    userName: { anyOf: [{ type: 'string', minLength: 1 }, EXPR] },
    count: { type: 'integer', default: 1 },
    active: { type: 'boolean' },
    mode: { type: 'string', enum: ['merge', 'replace'] },
    name: {
      type: 'object',
      properties: { givenName: { type: 'string' }, familyName: { type: 'string' } },
      required: ['givenName'],
    },
    emails: { type: 'array', items: { type: 'string' } },
    headers: { type: 'object', propertyNames: { type: 'string' }, additionalProperties: { type: 'string' } },
  },
  required: ['connection', 'userName'],
  additionalProperties: false,
};

const connections: ConnectionView[] = [
  { name: 'sandbox', kind: 'scim', baseUrl: 'http://127.0.0.1:1/scim/v2', auth: { type: 'bearer' } },
  { name: 'api', kind: 'http', baseUrl: 'http://127.0.0.1:2', auth: { type: 'none' } },
];
const groups: PickGroup[] = [
  {
    nodeId: 'hook',
    label: 'Hire',
    isTrigger: true,
    fields: [{ path: 'body.email', expression: '=trigger.body.email', type: 'string' }],
  },
];

let last: Record<string, unknown> = {};
function Harness(props: { initial: Record<string, unknown> }) {
  const [value, setValue] = useState(props.initial);
  return (
    <SchemaForm
      schema={schema}
      value={value}
      onChange={(v) => {
        last = v;
        setValue(v);
      }}
      connections={connections}
      connectionFields={{ connection: 'scim' }}
      groups={groups}
      preview={{ trigger: { body: { email: 'ada@example.com' } }, steps: {} }}
    />
  );
}

const byId = (id: string) => screen.getByTestId(id);

afterEach(() => {
  cleanup();
  last = {};
});

describe('SchemaForm', () => {
  it('renders a control for each field kind', () => {
    render(<Harness initial={{ headers: { 'X-A': '1' } }} />);
    expect(byId('field-connection-input').tagName).toBe('SELECT');
    expect(byId('field-userName-input').getAttribute('type')).toBe('text');
    expect(byId('field-count-input').getAttribute('type')).toBe('number');
    expect(byId('field-active-input').getAttribute('type')).toBe('checkbox');
    expect(byId('field-mode-input').tagName).toBe('SELECT');
    expect(byId('field-name.givenName-input')).toBeTruthy();
    expect(byId('field-emails-array')).toBeTruthy();
    expect(byId('field-headers-record')).toBeTruthy();
    expect((byId('field-headers.X-A-key') as HTMLInputElement).value).toBe('X-A');
  });

  it('offers only connections of the field kind', () => {
    render(<Harness initial={{}} />);
    const options = [...byId('field-connection-input').querySelectorAll('option')].map((o) => o.value);
    expect(options).toEqual(['', 'sandbox']);
    fireEvent.change(byId('field-connection-input'), { target: { value: 'sandbox' } });
    expect(last).toEqual({ connection: 'sandbox' });
  });

  it('emits literal values of the right JSON type', () => {
    render(<Harness initial={{}} />);
    fireEvent.change(byId('field-userName-input'), { target: { value: 'ada' } });
    fireEvent.change(byId('field-count-input'), { target: { value: '3' } });
    fireEvent.click(byId('field-active-input'));
    fireEvent.change(byId('field-mode-input'), { target: { value: '1' } });
    fireEvent.change(byId('field-name.givenName-input'), { target: { value: 'Ada' } });
    expect(last).toEqual({
      userName: 'ada',
      count: 3,
      active: true,
      mode: 'replace',
      name: { givenName: 'Ada' },
    });
  });

  it('adds and removes array items and record entries', () => {
    render(<Harness initial={{}} />);
    fireEvent.click(byId('field-emails-add'));
    fireEvent.change(byId('field-emails[0]-input'), { target: { value: 'a@x' } });
    expect(last.emails).toEqual(['a@x']);
    fireEvent.change(byId('field-headers-newkey'), { target: { value: 'X-Trace' } });
    fireEvent.click(byId('field-headers-add'));
    fireEvent.change(byId('field-headers.X-Trace-input'), { target: { value: 'on' } });
    expect(last.headers).toEqual({ 'X-Trace': 'on' });
    fireEvent.click(byId('field-emails[0]-remove'));
    expect(last.emails).toEqual([]);
  });

  it('toggles a field between literal and expression', () => {
    render(<Harness initial={{ userName: 'ada' }} />);
    fireEvent.click(byId('field-userName-mode'));
    expect(last.userName).toBe('="ada"');
    fireEvent.change(byId('field-userName-expr'), { target: { value: 'trigger.body.email' } });
    expect(last.userName).toBe('=trigger.body.email');
    fireEvent.click(byId('field-userName-mode'));
    expect('userName' in last).toBe(false);
    expect(byId('field-userName-input')).toBeTruthy();
  });

  it('shows a compile error with its position', () => {
    render(<Harness initial={{ userName: '=trigger.(' }} />);
    expect(byId('field-userName-expr-error').textContent).toMatch(/At \d+/);
  });

  it('inserts a picked upstream field as an expression and previews it against the last run', async () => {
    render(<Harness initial={{}} />);
    fireEvent.click(byId('field-userName-pick'));
    fireEvent.click(byId('pick-trigger.body.email'));
    expect(last.userName).toBe('=trigger.body.email');
    await act(async () => {
      await new Promise((r) => setTimeout(r, 300));
    });
    expect(byId('field-userName-preview').textContent).toContain('ada@example.com');
  });

  it('inserts a picked field at the cursor of an existing expression', () => {
    render(<Harness initial={{ userName: '=$lowercase()' }} />);
    const box = byId('field-userName-expr') as HTMLTextAreaElement;
    box.focus();
    box.setSelectionRange(11, 11);
    fireEvent.click(byId('field-userName-pick'));
    fireEvent.click(byId('pick-trigger.body.email'));
    expect(last.userName).toBe('=$lowercase(trigger.body.email)');
  });

  it('puts the caret after the inserted field and inserts the next pick there', async () => {
    render(<Harness initial={{ userName: '=$lowercase()' }} />);
    const box = byId('field-userName-expr') as HTMLTextAreaElement;
    box.focus();
    box.setSelectionRange(11, 11);
    fireEvent.click(byId('field-userName-pick'));
    fireEvent.click(byId('pick-trigger.body.email'));
    await act(async () => {
      await new Promise((r) => requestAnimationFrame(() => r(undefined)));
    });
    expect(box.selectionStart).toBe(29);
    fireEvent.click(byId('field-userName-pick'));
    fireEvent.click(byId('pick-trigger.body.email'));
    expect(last.userName).toBe('=$lowercase(trigger.body.emailtrigger.body.email)');
  });

  it('appends to an expression the admin never put a cursor in', () => {
    render(<Harness initial={{ userName: '="Hi " & ' }} />);
    fireEvent.click(byId('field-userName-pick'));
    fireEvent.click(byId('pick-trigger.body.email'));
    expect(last.userName).toBe('="Hi " & trigger.body.email');
  });
});
