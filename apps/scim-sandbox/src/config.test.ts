// Unit tests of the CLI/env configuration: defaults, flags over env, one message per bad value.
import { describe, expect, it } from 'vitest';
import { DEFAULT_DATA_FILE, DEFAULT_TOKEN, loadConfig } from './config';

describe('loadConfig', () => {
  it('uses documented defaults', () => {
    expect(loadConfig({}, []).config).toEqual({
      port: 8090,
      host: '127.0.0.1',
      token: DEFAULT_TOKEN,
      dataFile: DEFAULT_DATA_FILE,
      features: { patch: true, etag: true, bulk: true, sort: true },
    });
  });

  it('reads env switches and lets flags win', () => {
    const { config } = loadConfig(
      {
        SCIM_SANDBOX_PORT: '9000',
        SCIM_SANDBOX_PATCH: 'off',
        SCIM_SANDBOX_ETAG: 'OFF',
        SCIM_SANDBOX_DATA: 'x.json',
      },
      ['--port=0', '--no-bulk', '--token', 'flag-token-123', '--in-memory'],
    );
    expect(config).toMatchObject({ port: 0, token: 'flag-token-123', dataFile: undefined });
    expect(config?.features).toEqual({ patch: false, etag: false, bulk: false, sort: true });
  });

  it('reports one clear message per bad value', () => {
    const { config, errors } = loadConfig(
      { SCIM_SANDBOX_PORT: '70000', SCIM_SANDBOX_BULK: 'maybe', SCIM_SANDBOX_TOKEN: 'short' },
      ['--bogus'],
    );
    expect(config).toBeUndefined();
    expect(errors).toHaveLength(4);
    expect(errors.join('\n')).toMatch(/--bogus/);
    expect(errors.join('\n')).toMatch(/SCIM_SANDBOX_PORT.*65535/);
    expect(errors.join('\n')).toMatch(/SCIM_SANDBOX_BULK must be "on" or "off"/);
    expect(errors.join('\n')).toMatch(/SCIM_SANDBOX_TOKEN.*at least 8/);
  });
});
