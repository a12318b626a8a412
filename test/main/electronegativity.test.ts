// Static security scan of the app's sources with @doyensec/electronegativity: no finding of medium
// severity or more, except those justified in docs/security.md (each listed with its check id and
// file). The tool breaks next to a recent TypeScript, so it lives in its own prefix (.tools/, git-
// ignored), installed once; it cannot look up Electron's releases offline, so the version is given.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..', '..');
const prefix = path.join(root, '.tools', 'electronegativity');
const pkgDir = path.join(prefix, 'node_modules', '@doyensec', 'electronegativity');
const VERSION = '1.10.3';

function ensureInstalled(): string | null {
  if (existsSync(path.join(pkgDir, 'package.json'))) return null;
  const r = spawnSync('npm', ['install', '--prefix', prefix, '--no-audit', '--no-fund', '--no-save', `@doyensec/electronegativity@${VERSION}`], { cwd: root, encoding: 'utf8', timeout: 300_000 });
  if (r.status !== 0 || !existsSync(path.join(pkgDir, 'package.json'))) return `electronegativity could not be installed into .tools/ (offline?): ${(r.stderr || r.error?.message || '').trim().split('\n').pop()}`;
  return null;
}

interface Issue {
  id: string;
  file: string;
  location: { line: number; column: number };
  severity: { value: number; name: string };
  confidence: { name: string };
  description: string;
}

const skip = ensureInstalled();

test('electronegativity: nothing of medium severity or more that docs/security.md does not justify', { skip: skip ?? false, timeout: 300_000 }, async () => {
  const require = createRequire(path.join(pkgDir, 'package.json'));
  const run = require(pkgDir) as (o: object) => Promise<{ issues: Issue[]; errors: unknown[] }>;
  const electronVersion = (JSON.parse(readFileSync(path.join(root, 'node_modules', 'electron', 'package.json'), 'utf8')) as { version: string }).version;
  const quiet = console.log;
  console.log = () => undefined; // the tool prints banners and offline warnings
  let result: { issues: Issue[]; errors: unknown[] };
  try {
    result = await run({
      input: path.join(root, 'src'),
      electronVersionOverride: electronVersion,
      isRelative: true,
      // needs the network (GitHub's list of Electron releases); the version is pinned in package.json
      excludeFromScan: ['AvailableSecurityFixesGlobalCheck'],
    });
  } finally {
    console.log = quiet;
  }
  const doc = readFileSync(path.join(root, 'docs', 'security.md'), 'utf8');
  const exceptions = doc.split('\n').filter((l) => l.startsWith('| `'));
  const serious = result.issues.filter((i) => i.severity.value >= 2); // 0 informational, 1 low, 2 medium, 3 high
  const unjustified = serious.filter((i) => !exceptions.some((l) => l.includes(`\`${i.id}\``) && l.includes(`\`${i.file.replace(/^src\//, '')}\``)));
  assert.deepEqual(
    unjustified.map((i) => `${i.id} ${i.severity.name} ${i.file}:${i.location.line} — ${i.description}`),
    [],
    'findings of medium or higher severity must be fixed or justified in docs/security.md',
  );
  // The scan did look at the app: the main process and the page were among its inputs.
  assert.ok(result.issues.some((i) => /main\//.test(i.file)) || serious.length === 0);
  assert.ok(!result.issues.some((i) => ['CONTEXT_ISOLATION_JS_CHECK', 'NODE_INTEGRATION_JS_CHECK', 'SANDBOX_JS_CHECK', 'WEB_SECURITY_JS_CHECK'].includes(i.id)), 'the secure window options are seen');
});
