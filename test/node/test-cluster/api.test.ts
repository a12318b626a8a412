// REST details of the test API server that kubectl and client libraries rely on: discovery
// documents, list shape, server-side Tables, watch, Status errors, loopback-only listening.
import assert from 'node:assert/strict';
import { request } from 'node:https';
import { after, before, describe, test } from 'node:test';
import { noOpenssl, startFixture, type ClusterFixture } from '../../support/test-cluster/index';

const TOKEN = 'api-test-token-0123456789';

describe('test API server REST', { skip: noOpenssl }, () => {
  let f: ClusterFixture;

  function get(path: string, o: { accept?: string; method?: string; token?: string | null; until?: (body: string) => boolean } = {}): Promise<{ status: number; type: string; body: string }> {
    return new Promise((resolve, reject) => {
      const headers: Record<string, string> = { Accept: o.accept ?? 'application/json' };
      if (o.token !== null) headers.Authorization = `Bearer ${o.token ?? TOKEN}`;
      const req = request(`${f.cluster.url}${path}`, { method: o.method ?? 'GET', ca: f.cluster.caPem, headers }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => {
          body += d;
          if (o.until?.(body)) {
            req.destroy();
            resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type']), body });
          }
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type']), body }));
      });
      req.on('error', (e) => (o.until ? undefined : reject(e)));
      req.end();
    });
  }

  before(async () => {
    f = await startFixture({ nodes: [{ name: 'n1' }, { name: 'n2', vpp: false }] }, { users: [{ name: 'admin', token: TOKEN }] });
  });
  after(async () => f?.stop());

  test('listens on 127.0.0.1 only', () => {
    assert.match(f.cluster.url, /^https:\/\/127\.0\.0\.1:\d+$/);
  });

  test('discovery: /api, /apis, /api/v1 resource list with the subresources', async () => {
    const api = JSON.parse((await get('/api')).body);
    assert.deepEqual(api.versions, ['v1']);
    assert.equal(JSON.parse((await get('/apis')).body).kind, 'APIGroupList');
    const v1 = JSON.parse((await get('/api/v1')).body);
    const names = v1.resources.map((r: { name: string }) => r.name);
    for (const n of ['nodes', 'pods', 'pods/log', 'pods/exec', 'configmaps', 'namespaces']) assert.ok(names.includes(n), n);
    assert.equal((await get('/version', { token: null })).status, 200, '/version is public');
    assert.equal((await get('/api', { token: null })).status, 401);
  });

  test('lists: kind, resourceVersion, items without kind; get by name; 404 Status', async () => {
    const l = JSON.parse((await get('/api/v1/nodes')).body);
    assert.equal(l.kind, 'NodeList');
    assert.ok(l.metadata.resourceVersion);
    assert.equal(l.items[0].kind, undefined);
    assert.deepEqual(l.items.map((n: { metadata: { name: string } }) => n.metadata.name), ['n1', 'n2']);
    const one = JSON.parse((await get('/api/v1/nodes/n2')).body);
    assert.equal(one.kind, 'Node');
    const nf = await get('/api/v1/namespaces/default/configmaps/nope');
    assert.equal(nf.status, 404);
    assert.deepEqual(JSON.parse(nf.body), { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'configmaps "nope" not found', reason: 'NotFound', details: { name: 'nope', kind: 'configmaps' }, code: 404 });
    assert.equal((await get('/api/v1/nodes', { method: 'DELETE' })).status, 405);
  });

  test('Table: columns and rows; includeObject=None|Metadata|Object', async () => {
    const accept = 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json';
    const t = JSON.parse((await get('/api/v1/nodes', { accept })).body);
    assert.equal(t.kind, 'Table');
    assert.deepEqual(t.columnDefinitions.slice(0, 5).map((c: { name: string }) => c.name), ['Name', 'Status', 'Roles', 'Age', 'Version']);
    assert.deepEqual(t.rows.map((r: { cells: unknown[] }) => r.cells[0]), ['n1', 'n2']);
    assert.equal(t.rows[0].object.kind, 'PartialObjectMetadata');
    assert.equal(JSON.parse((await get('/api/v1/nodes?includeObject=None', { accept })).body).rows[0].object, undefined);
    assert.equal(JSON.parse((await get('/api/v1/nodes?includeObject=Object', { accept })).body).rows[0].object.kind, 'Node');
  });

  test('watch: ADDED events for the current objects, then the stream stays open', async () => {
    const r = await get('/api/v1/namespaces/calico-vpp-dataplane/pods?watch=true', { until: (b) => b.split('\n').filter(Boolean).length >= 1 });
    const ev = JSON.parse(r.body.split('\n')[0]!);
    assert.equal(ev.type, 'ADDED');
    assert.equal(ev.object.metadata.name, f.cluster.state.vppPodOn('n1')!.name);
    const timed = await get('/api/v1/nodes?watch=1&timeoutSeconds=1');
    assert.equal(timed.body.trim().split('\n').length, 2, 'closed by timeoutSeconds after the two nodes');
  });
});
