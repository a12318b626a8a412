// The contract is declared once (core/ipc) and used by preload, main and web mode: each exposes or
// registers exactly the contract's methods, under the same derived channels.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { API_METHODS, API_VALIDATORS, EVENT_NAMES, eventChannelOf } from '../../src/core/ipc/api';
import { createDispatcher } from '../../src/core/ipc/dispatcher';
import { buildBridge } from '../../src/preload/bridge';

describe('one contract, three transports', () => {
  test('channels are derived from the validators, one per method, all distinct', () => {
    const fromValidators = Object.entries(API_VALIDATORS).flatMap(([d, ms]) => Object.keys(ms).map((m) => `app:${d}.${m}`));
    assert.deepEqual(API_METHODS.map((m) => m.channel), fromValidators);
    assert.equal(new Set(fromValidators).size, fromValidators.length);
    assert.ok(fromValidators.length >= 9);
  });

  test('the preload bridge exposes exactly the contract (and `on`), invoking the derived channels', async () => {
    const invoked: string[] = [];
    const bridge = buildBridge(
      async (channel) => {
        invoked.push(channel);
        return { ok: true, value: null };
      },
      () => () => undefined,
    ) as unknown as Record<string, unknown>;
    const exposed = Object.entries(bridge).flatMap(([d, v]) => (typeof v === 'function' ? [d] : Object.keys(v as object).map((m) => `app:${d}.${m}`)));
    assert.deepEqual(exposed.sort(), [...API_METHODS.map((m) => m.channel), 'on'].sort());
    const b = bridge as unknown as { files: { recent(a: object): Promise<unknown> }; settings: { update(a: object): Promise<unknown> } };
    await b.files.recent({});
    await assert.rejects(b.settings.update({ theme: 'neon' }), /arg.theme/, 'the preload validates before sending');
    assert.deepEqual(invoked, ['app:files.recent']);
  });

  test('the preload only subscribes to allow-listed events', () => {
    const subscribed: string[] = [];
    const bridge = buildBridge(async () => ({ ok: true, value: null }), (channel) => {
      subscribed.push(channel);
      return () => undefined;
    });
    for (const e of EVENT_NAMES) bridge.on(e, () => undefined);
    assert.throws(() => bridge.on('onDidAnything' as never, () => undefined), /unknown event/);
    assert.deepEqual(subscribed, EVENT_NAMES.map(eventChannelOf));
  });

  test('the dispatcher (main and web mode) answers every contract channel and nothing else', async () => {
    const d = createDispatcher({} as never);
    for (const m of API_METHODS) {
      const r = await d(m.channel, {}, null);
      assert.ok(!r.ok && r.error.code !== 'unknown-method', `${m.channel} is known`);
    }
    const r = await d('app:shell.exec', { cmd: 'rm -rf /' }, null);
    assert.ok(!r.ok && r.error.code === 'unknown-method');
    const proto = await d('__proto__', {}, null);
    assert.ok(!proto.ok && proto.error.code === 'unknown-method');
  });
});
