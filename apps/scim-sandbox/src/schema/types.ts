// Attribute and schema definition types (RFC 7643 §2.2, §7) and a compact builder for them.
export type AttrType =
  | 'string'
  | 'boolean'
  | 'decimal'
  | 'integer'
  | 'dateTime'
  | 'binary'
  | 'reference'
  | 'complex';
export type Mutability = 'readOnly' | 'readWrite' | 'immutable' | 'writeOnly';
export type Returned = 'always' | 'never' | 'default' | 'request';
export type Uniqueness = 'none' | 'server' | 'global';

export interface AttrDef {
  name: string;
  type: AttrType;
  multiValued: boolean;
  description: string;
  required: boolean;
  caseExact: boolean;
  mutability: Mutability;
  returned: Returned;
  uniqueness: Uniqueness;
  subAttributes?: AttrDef[];
  canonicalValues?: string[];
  referenceTypes?: string[];
}

export interface SchemaDef {
  id: string;
  name: string;
  description: string;
  attributes: AttrDef[];
}

export interface ResourceTypeDef {
  id: 'User' | 'Group';
  name: 'User' | 'Group';
  endpoint: '/Users' | '/Groups';
  description: string;
  schema: string;
  extensions: string[];
}

type AttrOptions = Partial<Omit<AttrDef, 'name'>>;

/** Builds an attribute definition with the RFC 7643 §2.2 defaults filled in. */
export function attr(name: string, options: AttrOptions = {}): AttrDef {
  return {
    name,
    type: options.subAttributes ? 'complex' : 'string',
    multiValued: false,
    description: name,
    required: false,
    caseExact: false,
    mutability: 'readWrite',
    returned: 'default',
    uniqueness: 'none',
    ...options,
  };
}

/** The standard sub-attributes of a multi-valued attribute (RFC 7643 §2.4). */
export function multi(name: string, typeValues: string[], extra: AttrDef[] = []): AttrDef {
  return attr(name, {
    multiValued: true,
    subAttributes: [
      attr('value'),
      attr('display'),
      attr('type', { canonicalValues: typeValues }),
      attr('primary', { type: 'boolean' }),
      ...extra,
    ],
  });
}

export const findAttr = (list: AttrDef[] | undefined, name: string): AttrDef | undefined => {
  const lower = name.toLowerCase();
  return list?.find((a) => a.name.toLowerCase() === lower);
};
