// electron-builder.yml: packaging downloads Electron, which is not possible everywhere, so the
// configuration is checked against electron-builder's own JSON schema (app-builder-lib/scheme.json)
// with electron-builder's own validator, and for what the app needs (targets, associations, icons).
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..', '..');
const require = createRequire(import.meta.url);

function loadConfig(): Record<string, unknown> {
  const yaml = require('js-yaml') as { load(s: string): unknown };
  return yaml.load(readFileSync(path.join(root, 'electron-builder.yml'), 'utf8')) as Record<string, unknown>;
}

describe('electron-builder.yml', () => {
  test('valid against app-builder-lib/scheme.json (ajv, draft-07)', () => {
    const Ajv = require('ajv') as new (o: object) => { compile(s: object): ((d: unknown) => boolean) & { errors?: unknown[] } };
    const schema = JSON.parse(readFileSync(require.resolve('app-builder-lib/scheme.json'), 'utf8')) as object;
    const validate = new Ajv({ allErrors: true, schemaId: 'auto', jsonPointers: true }).compile(schema);
    const ok = validate(loadConfig());
    assert.ok(ok, JSON.stringify(validate.errors, null, 2));
  });

  test("accepted by electron-builder's own validateConfiguration", async () => {
    const { validateConfiguration } = require('app-builder-lib/out/util/config/config') as { validateConfiguration(c: unknown, log: unknown): Promise<void> };
    const { DebugLogger } = require('builder-util') as { DebugLogger: new (enabled: boolean) => unknown };
    await validateConfiguration(loadConfig(), new DebugLogger(false));
  });

  test('a deliberately wrong key is refused (the check is real)', () => {
    const Ajv = require('ajv') as new (o: object) => { compile(s: object): (d: unknown) => boolean };
    const schema = JSON.parse(readFileSync(require.resolve('app-builder-lib/scheme.json'), 'utf8')) as object;
    const validate = new Ajv({ allErrors: true, schemaId: 'auto' }).compile(schema);
    assert.equal(validate({ ...loadConfig(), linux: { target: 'AppImage', nodeIntegration: true } }), false);
  });

  test('targets, app id, file associations and icons', () => {
    const c = loadConfig() as {
      appId: string;
      linux: { target: string[]; icon: string };
      mac: { target: string[]; icon: string };
      win: { target: string[]; icon: string };
      fileAssociations: { ext: string }[];
      files: string[];
    };
    assert.match(c.appId, /^[a-z0-9-]+(\.[a-z0-9-]+){2,}$/);
    assert.deepEqual(c.linux.target, ['AppImage', 'deb']);
    assert.deepEqual(c.mac.target, ['dmg']);
    assert.deepEqual(c.win.target, ['nsis']);
    assert.deepEqual(c.fileAssociations.map((f) => f.ext).sort(), ['pcap', 'pcapng']);
    for (const icon of [c.linux.icon, c.mac.icon, c.win.icon]) {
      const file = path.join(root, icon);
      assert.ok(existsSync(file), icon);
      const png = readFileSync(file);
      assert.equal(png.subarray(1, 4).toString(), 'PNG');
      assert.ok(png.readUInt32BE(16) >= 512 && png.readUInt32BE(20) >= 512, 'icon at least 512×512');
    }
    const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { main: string };
    assert.ok(c.files.some((f) => pkg.main.startsWith(f.replace('/**', ''))), 'the main bundle is packaged');
  });
});
