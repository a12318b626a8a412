// Client configuration with kubectl's loading rules, credential plugins (exec on a desktop-style
// PATH, OIDC auth-provider), proxy settings and in-cluster mode — checked against the test cluster.
import assert from 'node:assert/strict';
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { loadKubeConfig, proxyFromEnv } from '../../../src/node/kube/config';
import { KubeSession } from '../../../src/node/kube/client';
import { KubeError } from '../../../src/node/kube/errors';
import { noOpenssl, RECOGNISABLE_TOKEN, startFixture, type ClusterFixture } from '../../support/test-cluster/index';

function kubeconfigYaml(o: { clusters: [string, string][]; users: [string, Record<string, unknown>][]; contexts: [string, string, string, string?][]; current?: string; ca?: string }): string {
  return JSON.stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: o.clusters.map(([name, server]) => ({ name, cluster: { server, ...(o.ca ? { 'certificate-authority-data': Buffer.from(o.ca).toString('base64') } : {}) } })),
    users: o.users.map(([name, user]) => ({ name, user })),
    contexts: o.contexts.map(([name, cluster, user, namespace]) => ({ name, context: { cluster, user, ...(namespace ? { namespace } : {}) } })),
    ...(o.current ? { 'current-context': o.current } : {}),
  });
}

function jwt(payload: Record<string, unknown>): string {
  const b = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${b({ alg: 'RS256', typ: 'JWT' })}.${b(payload)}.c2lnbmF0dXJlLW5vdC1jaGVja2Vk`;
}

describe('kubeconfig loading rules', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'vpp-pathviz-kcfg-'));
  });
  after(async () => rm(dir, { recursive: true, force: true }));

  test('KUBECONFIG list: missing files skipped, first definition and first current-context win', async () => {
    const a = path.join(dir, 'a.yaml');
    const b = path.join(dir, 'b.yaml');
    await writeFile(a, kubeconfigYaml({ clusters: [['shared', 'https://a.example:6443']], users: [['u', { token: 'token-from-file-a' }]], contexts: [['ctx', 'shared', 'u']] }));
    await writeFile(b, kubeconfigYaml({ clusters: [['shared', 'https://b.example:6443'], ['only-b', 'https://ob.example:6443']], users: [['u', { token: 'token-from-file-b' }], ['ub', { token: 'tok-b-only' }]], contexts: [['ctx', 'only-b', 'ub'], ['ctx-b', 'only-b', 'ub', 'kube-system']], current: 'ctx-b' }));
    const env = { KUBECONFIG: [path.join(dir, 'missing.yaml'), a, b].join(':'), HOME: dir, PATH: '/usr/bin:/bin' };
    const l = loadKubeConfig({ env, platform: 'linux' });
    assert.equal(l.contextName, 'ctx-b', 'a.yaml sets no current-context, b.yaml does');
    assert.equal(l.server, 'https://ob.example:6443');
    assert.equal(l.namespace, 'kube-system');
    const c = loadKubeConfig({ env, platform: 'linux', context: 'ctx' });
    assert.equal(c.server, 'https://a.example:6443', 'cluster "shared" and context "ctx" come from the first file');
    assert.equal(c.userName, 'u');
    assert.equal(c.kc.getCurrentUser()?.token, 'token-from-file-a');
    assert.deepEqual(l.contexts.map((x) => x.name).sort(), ['ctx', 'ctx-b']);
    assert.ok(l.contexts.every((x) => !('token' in x)), 'context summaries carry no credentials');
  });

  test('--kubeconfig wins over KUBECONFIG; ~/.kube/config is the fallback', async () => {
    const explicit = path.join(dir, 'explicit.yaml');
    await writeFile(explicit, kubeconfigYaml({ clusters: [['c', 'https://explicit.example']], users: [['u', { token: 'explicit-token' }]], contexts: [['e', 'c', 'u']], current: 'e' }));
    const home = path.join(dir, 'home');
    await mkdir(path.join(home, '.kube'), { recursive: true });
    await writeFile(path.join(home, '.kube', 'config'), kubeconfigYaml({ clusters: [['c', 'https://home.example']], users: [['u', { token: 'home-token' }]], contexts: [['h', 'c', 'u']], current: 'h' }));
    assert.equal(loadKubeConfig({ kubeconfig: explicit, env: { KUBECONFIG: path.join(dir, 'a.yaml') }, homeDir: home }).server, 'https://explicit.example');
    assert.equal(loadKubeConfig({ env: {}, homeDir: home }).server, 'https://home.example');
    assert.throws(() => loadKubeConfig({ kubeconfig: path.join(dir, 'nope.yaml'), env: {} }), (e: KubeError) => e.kind === 'config' && /does not exist/.test(e.message));
  });

  test('unknown context names the available ones; no configuration at all is "no-config"', async () => {
    const f = path.join(dir, 'one.yaml');
    await writeFile(f, kubeconfigYaml({ clusters: [['c', 'https://x.example']], users: [['u', {}]], contexts: [['alpha', 'c', 'u'], ['beta', 'c', 'u']], current: 'alpha' }));
    assert.throws(() => loadKubeConfig({ kubeconfig: f, context: 'gamma', env: {} }), (e: KubeError) => e.kind === 'config' && /context "gamma" is not in .* \(available: alpha, beta\)/.test(e.message));
    const empty = path.join(dir, 'empty-home');
    await mkdir(empty, { recursive: true });
    assert.throws(
      () => loadKubeConfig({ env: {}, homeDir: empty, serviceAccountDir: path.join(dir, 'no-sa') }),
      (e: KubeError) => e.kind === 'no-config' && /no Kubernetes cluster is configured/.test(e.message) && /test-cluster/.test(e.message),
    );
  });

  test('a kubeconfig that does not parse: the error names the file and shows no token', async () => {
    const f = path.join(dir, 'broken.yaml');
    await writeFile(f, `users:\n- name: u\n  user:\n    token: ${RECOGNISABLE_TOKEN}\n  - : : [\n`);
    assert.throws(
      () => loadKubeConfig({ kubeconfig: f, env: {} }),
      (e: KubeError) => {
        assert.equal(e.kind, 'config');
        assert.ok(e.message.includes(f));
        assert.ok(!e.message.includes(RECOGNISABLE_TOKEN), e.message);
        return true;
      },
    );
  });

  test('in-cluster: service account token and namespace, when nothing else is configured', async () => {
    const sa = path.join(dir, 'sa');
    await mkdir(sa, { recursive: true });
    await writeFile(path.join(sa, 'token'), RECOGNISABLE_TOKEN);
    await writeFile(path.join(sa, 'namespace'), 'calico-vpp-dataplane\n');
    await writeFile(path.join(sa, 'ca.crt'), '');
    const empty = path.join(dir, 'empty-home2');
    await mkdir(empty, { recursive: true });
    const l = loadKubeConfig({ env: { KUBERNETES_SERVICE_HOST: '10.96.0.1', KUBERNETES_SERVICE_PORT: '443' }, homeDir: empty, serviceAccountDir: sa });
    assert.equal(l.server, 'https://10.96.0.1:443');
    assert.equal(l.namespace, 'calico-vpp-dataplane');
    assert.equal(l.source, 'in-cluster service account');
    assert.ok(!l.redactor.redact(`x ${RECOGNISABLE_TOKEN} y`).includes(RECOGNISABLE_TOKEN), 'the service account token is known as a secret');
  });

  test('proxies: HTTPS_PROXY unless NO_PROXY matches (domain, suffix, CIDR, *); loopback never', () => {
    const env = { HTTPS_PROXY: 'http://proxy.corp:3128', NO_PROXY: '.internal,example.org,10.0.0.0/8,[::1]' };
    assert.equal(proxyFromEnv('https://api.cluster.example.com:6443', env), 'http://proxy.corp:3128');
    assert.equal(proxyFromEnv('https://k8s.internal:6443', env), undefined);
    assert.equal(proxyFromEnv('https://api.example.org', env), undefined);
    assert.equal(proxyFromEnv('https://10.1.2.3:6443', env), undefined);
    assert.equal(proxyFromEnv('https://11.1.2.3:6443', env), 'http://proxy.corp:3128');
    assert.equal(proxyFromEnv('https://127.0.0.1:6443', env), undefined);
    assert.equal(proxyFromEnv('https://localhost:6443', env), undefined);
    assert.equal(proxyFromEnv('https://x.example', { https_proxy: 'proxy:8080' }), 'http://proxy:8080');
    assert.equal(proxyFromEnv('https://x.example', { HTTPS_PROXY: 'http://p:1', NO_PROXY: '*' }), undefined);
    assert.equal(proxyFromEnv('http://x.example', { HTTPS_PROXY: 'http://p:1' }), undefined, 'HTTPS_PROXY is for https servers only');
  });

  test('the proxy lands on the cluster (client-node honours proxy-url) without its password in messages', async () => {
    const f = path.join(dir, 'proxied.yaml');
    await writeFile(f, kubeconfigYaml({ clusters: [['c', 'https://api.remote.example:6443']], users: [['u', { token: 'tok-proxied-123456' }]], contexts: [['p', 'c', 'u']], current: 'p' }));
    const l = loadKubeConfig({ kubeconfig: f, env: { HTTPS_PROXY: 'http://bob:s3cret-proxy-pw@proxy.corp:3128' } });
    assert.equal(l.kc.getCurrentCluster()?.proxyUrl, 'http://bob:s3cret-proxy-pw@proxy.corp:3128');
    assert.equal(l.proxy, 'http://proxy.corp:3128');
    assert.ok(!l.redactor.redact('via http://bob:s3cret-proxy-pw@proxy.corp:3128').includes('s3cret-proxy-pw'));
  });
});

describe('credential plugins against the test cluster', { skip: noOpenssl }, () => {
  let f: ClusterFixture;
  const pluginToken = `${RECOGNISABLE_TOKEN}-exec`;
  const idToken = jwt({ iss: 'https://issuer.example', sub: 'alice', exp: Math.floor(Date.now() / 1000) + 3600 });
  let pluginDir: string;

  before(async () => {
    f = await startFixture(
      { nodes: [{ name: 'n1' }] },
      { users: [{ name: 'exec-user', token: pluginToken }, { name: 'oidc-user', token: idToken, deny: [{ verb: 'list', resource: 'pods' }] }] },
    );
    pluginDir = path.join(f.dir, 'plugins', 'bin');
    await mkdir(pluginDir, { recursive: true });
    const script = path.join(pluginDir, 'get-test-token');
    await writeFile(
      script,
      `#!/bin/sh\nprintf '%s' "$KUBERNETES_EXEC_INFO" > "${f.dir}/exec-info.json"\nprintf '%s' "$PATH" > "${f.dir}/exec-path.txt"\nprintf '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"${pluginToken}"}}'\n`,
    );
    await chmod(script, 0o755);
    const failing = path.join(pluginDir, 'failing-plugin');
    await writeFile(failing, `#!/bin/sh\necho "login failed for token ${pluginToken} (Authorization: Bearer ${pluginToken})" >&2\nexit 3\n`);
    await chmod(failing, 0o755);
  });
  after(async () => f?.stop());

  async function kubeconfigWithExec(name: string, exec: Record<string, unknown>): Promise<string> {
    const file = path.join(f.dir, name);
    await writeFile(file, kubeconfigYaml({ clusters: [['t', f.cluster.url]], users: [['u', { exec }]], contexts: [['t', 't', 'u']], current: 't', ca: f.cluster.caPem }));
    return file;
  }

  test('exec plugin found on the desktop search path (not on PATH) gets KUBERNETES_EXEC_INFO', async () => {
    const kc = await kubeconfigWithExec('exec.yaml', { apiVersion: 'client.authentication.k8s.io/v1', command: 'get-test-token', interactiveMode: 'Never', provideClusterInfo: true });
    const s = KubeSession.open({ kubeconfig: kc, env: { PATH: '/usr/bin:/bin', HOME: f.dir }, extraPath: [pluginDir] });
    const nodes = await s.listNodes();
    assert.deepEqual(nodes.map((n) => n.metadata?.name), ['n1']);
    const info = JSON.parse(await readFile(path.join(f.dir, 'exec-info.json'), 'utf8'));
    assert.equal(info.kind, 'ExecCredential');
    assert.equal(info.apiVersion, 'client.authentication.k8s.io/v1');
    assert.equal(info.spec.interactive, false);
    assert.equal(info.spec.cluster.server, f.cluster.url);
    const pathSeen = await readFile(path.join(f.dir, 'exec-path.txt'), 'utf8');
    assert.ok(pathSeen.split(':').includes(pluginDir), 'the plugin runs with the augmented PATH');
    assert.equal(f.cluster.requests.at(-1)?.user, 'exec-user');
  });

  test('a relative plugin command resolves against the kubeconfig directory', async () => {
    const kc = await kubeconfigWithExec('exec-rel.yaml', { apiVersion: 'client.authentication.k8s.io/v1', command: './plugins/bin/get-test-token' });
    const s = KubeSession.open({ kubeconfig: kc, env: { PATH: '/usr/bin:/bin', HOME: f.dir } });
    assert.equal((await s.listNodes()).length, 1);
  });

  test('a missing plugin: clear message with the install hint; a failing plugin: redacted stderr', async () => {
    const kc = await kubeconfigWithExec('exec-missing.yaml', { apiVersion: 'client.authentication.k8s.io/v1', command: 'no-such-auth-plugin', installHint: 'Install no-such-auth-plugin from your cloud provider.' });
    const s = KubeSession.open({ kubeconfig: kc, env: { PATH: '/usr/bin:/bin', HOME: f.dir } });
    await assert.rejects(s.listNodes(), (e: KubeError) => {
      assert.equal(e.kind, 'credential-plugin');
      assert.match(e.message, /"no-such-auth-plugin" was not found/);
      assert.match(e.message, /Install no-such-auth-plugin from your cloud provider/);
      return true;
    });
    const kc2 = await kubeconfigWithExec('exec-failing.yaml', { apiVersion: 'client.authentication.k8s.io/v1', command: 'failing-plugin' });
    const s2 = KubeSession.open({ kubeconfig: kc2, env: { PATH: '/usr/bin:/bin', HOME: f.dir }, extraPath: [pluginDir] });
    await assert.rejects(s2.listNodes(), (e: KubeError) => {
      assert.equal(e.kind, 'credential-plugin');
      assert.match(e.message, /failing-plugin failed \(exit 3\)/);
      assert.ok(!e.message.includes(RECOGNISABLE_TOKEN), e.message);
      return true;
    });
  });

  test('OIDC auth-provider: the id-token is the bearer token and never shows in errors', async () => {
    const file = path.join(f.dir, 'oidc.yaml');
    await writeFile(
      file,
      kubeconfigYaml({
        clusters: [['t', f.cluster.url]],
        users: [['alice', { 'auth-provider': { name: 'oidc', config: { 'client-id': 'kubernetes', 'idp-issuer-url': 'https://issuer.example', 'id-token': idToken, 'refresh-token': 'refresh-token-abcdef123456' } } }]],
        contexts: [['o', 't', 'alice']],
        current: 'o',
        ca: f.cluster.caPem,
      }),
    );
    const lines: string[] = [];
    const s = KubeSession.open({ kubeconfig: file, env: { HOME: f.dir }, log: (l) => lines.push(l) });
    assert.equal((await s.listNodes()).length, 1);
    assert.equal(f.cluster.requests.at(-1)?.user, 'oidc-user');
    await assert.rejects(s.listPods('default'), (e: KubeError) => {
      assert.equal(e.kind, 'forbidden');
      assert.ok(!e.message.includes(idToken) && !e.message.includes(idToken.split('.')[1]!), e.message);
      return true;
    });
    assert.ok(lines.length >= 2 && lines.every((l) => !l.includes(idToken.split('.')[1]!)));
  });
});
