import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './index.js';

function yamlFile(text: string): string {
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'cairn-config-')), 'cairn.yaml');
  writeFileSync(file, text);
  return file;
}

describe('configuration', () => {
  it('starts from safe defaults with no file and no env', () => {
    const config = loadConfig({ env: {}, file: null });
    expect(config.server).toMatchObject({ host: '127.0.0.1', port: 8080, body_limit_bytes: 4 * 1024 * 1024 });
    expect(config.data_dir).toBe('.cairn');
    expect(config.capture.mask_pii).toBe(true);
    expect(Object.isFrozen(config.server)).toBe(true);
  });

  it('layers file < env < flags', () => {
    const file = yamlFile('server:\n  port: 9000\ndata_dir: /tmp/from-file\ncapture:\n  batch_size: 50\n');
    const config = loadConfig({ file, env: { CAIRN_PORT: '9100', CAIRN_DATA_DIR: '/tmp/from-env' }, overrides: { server: { port: 9200 } } });
    expect(config.server.port).toBe(9200);
    expect(config.data_dir).toBe('/tmp/from-env');
    expect(config.capture.batch_size).toBe(50);
  });

  it('maps every documented environment variable', () => {
    const config = loadConfig({
      file: null,
      env: {
        CAIRN_PORT: '1234',
        CAIRN_DATA_DIR: '/data',
        CAIRN_DATABASE_URL: 'postgres://u@h/db',
        CAIRN_ADMIN_TOKEN: 'x'.repeat(40),
        CAIRN_SECRET_KEY: 'k'.repeat(40),
        CAIRN_BIND_HOST: '0.0.0.0',
      },
    });
    expect(config).toMatchObject({ data_dir: '/data', database_url: 'postgres://u@h/db', admin_token: 'x'.repeat(40), secret_key: 'k'.repeat(40) });
    expect(config.server).toMatchObject({ port: 1234, host: '0.0.0.0' });
  });

  it('names the bad key in its error', () => {
    expect(() => loadConfig({ file: yamlFile('server:\n  prot: 80\n'), env: {} })).toThrow(/unknown key "server.prot"/);
    expect(() => loadConfig({ file: yamlFile('capture:\n  batch_size: -1\n'), env: {} })).toThrow(/"capture.batch_size"/);
    expect(() => loadConfig({ file: null, env: { CAIRN_PORT: 'eighty' } })).toThrow(/CAIRN_PORT/);
    expect(() => loadConfig({ file: null, env: { CAIRN_ADMIN_TOKEN: 'short' } })).toThrow(ConfigError);
    expect(() => loadConfig({ file: yamlFile('- just\n- a list\n'), env: {} })).toThrow(/mapping/);
  });
});
