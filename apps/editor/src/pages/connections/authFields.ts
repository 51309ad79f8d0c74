/** Auth types of a connection and their fields; secret fields are write-only. */
export interface AuthField {
  key: string;
  label: string;
  secret?: boolean;
  optional?: boolean;
}

export const AUTH_TYPES: Record<string, AuthField[]> = {
  none: [],
  bearer: [{ key: 'token', label: 'Token', secret: true }],
  basic: [
    { key: 'username', label: 'Username' },
    { key: 'password', label: 'Password', secret: true },
  ],
  apiKey: [
    { key: 'header', label: 'Header name' },
    { key: 'value', label: 'Key', secret: true },
  ],
  oauth2: [
    { key: 'tokenUrl', label: 'Token URL' },
    { key: 'clientId', label: 'Client id' },
    { key: 'clientSecret', label: 'Client secret', secret: true },
    { key: 'scope', label: 'Scope', optional: true },
  ],
};
