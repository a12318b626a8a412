// The redactor and the error mapping: known secrets and secret-looking text are removed from any
// message, including raw library errors that echo request headers.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { KubeError, toKubeError } from '../../../src/node/kube/errors';
import { Redactor } from '../../../src/node/kube/redact';
import { RECOGNISABLE_TOKEN } from '../../support/test-cluster/index';

describe('Redactor', () => {
  test('known secrets, their base64 form, and secret-looking text are removed', () => {
    const r = new Redactor();
    r.add(RECOGNISABLE_TOKEN);
    const b64 = Buffer.from(RECOGNISABLE_TOKEN).toString('base64');
    const out = r.redact(`tok=${RECOGNISABLE_TOKEN} b64 ${b64} {"Authorization":"Bearer abcdefghijklmnop123"} id eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.sig "password": "hunter2hunter2"`);
    assert.ok(!out.includes(RECOGNISABLE_TOKEN));
    assert.ok(!out.includes(b64));
    assert.ok(!out.includes('abcdefghijklmnop123'));
    assert.ok(!out.includes('eyJzdWIiOiJ4In0'));
    assert.ok(!out.includes('hunter2hunter2'));
    assert.match(out, /Bearer \[REDACTED\]/);
  });

  test('plain prose survives', () => {
    const r = new Redactor();
    const s = 'the token has expired; refresh your login. pods "calico-vpp-node-abcde" is forbidden';
    assert.equal(r.redact(s), s);
  });

  test('a registered secret never survives, wherever it sits in a message', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 8, maxLength: 40 }).filter((s) => s.trim() === s && s.length >= 8), fc.string(), fc.string(), (secret, pre, post) => {
        const r = new Redactor();
        r.add(secret);
        assert.ok(!r.redact(pre + secret + post).includes(secret));
      }),
    );
  });

  test('toKubeError drops whatever the raw error carried', () => {
    const r = new Redactor();
    r.add(RECOGNISABLE_TOKEN);
    const raw = Object.assign(new Error(`request failed: headers {"authorization":"Bearer ${RECOGNISABLE_TOKEN}"}`), { options: { headers: { Authorization: `Bearer ${RECOGNISABLE_TOKEN}` } } });
    const e = toKubeError(raw, { verb: 'list', resource: 'nodes', server: 'https://k8s.example:6443', context: 'prod' }, r);
    assert.ok(e instanceof KubeError);
    for (const text of [e.message, String(e.stack), JSON.stringify(e), JSON.stringify(Object.entries(e))]) assert.ok(!text.includes(RECOGNISABLE_TOKEN), text);
    const forbidden = toKubeError({ code: 403, body: JSON.stringify({ kind: 'Status', message: `nodes is forbidden: User "x" cannot list resource "nodes" (token ${RECOGNISABLE_TOKEN})` }) }, { verb: 'list', resource: 'nodes' }, r);
    assert.equal(forbidden.kind, 'forbidden');
    assert.match(forbidden.message, /you may not list nodes at cluster scope/);
    assert.ok(!forbidden.message.includes(RECOGNISABLE_TOKEN));
    const ws = toKubeError(new Error('Unexpected server response: 403'), { verb: 'create', resource: 'pods/exec', namespace: 'ns' }, r);
    assert.equal(ws.kind, 'forbidden');
    assert.equal(ws.resource, 'pods/exec');
  });
});
