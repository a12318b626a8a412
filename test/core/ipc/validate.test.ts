// Every method's argument validator: what the contract accepts passes unchanged, anything else is
// refused with the path of the bad field.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { API_VALIDATORS, EVENT_VALIDATORS } from '../../../src/core/ipc/api';
import { IpcError } from '../../../src/core/ipc/errors';
import { arrayOf, bytes, int, object, oneOf, optional, str } from '../../../src/core/ipc/validate';

const refuse = (f: () => unknown, re: RegExp) =>
  assert.throws(f, (e: unknown) => e instanceof IpcError && e.code === 'invalid-argument' && re.test(e.message));

describe('validators', () => {
  test('accepts valid arguments unchanged (property)', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 300 }).filter((s) => !s.includes('\0')), (p) => {
        assert.deepEqual(API_VALIDATORS.files.read({ path: p }, 'arg'), { path: p });
        assert.deepEqual(API_VALIDATORS.files.forgetRecent({ path: p }, 'arg'), { path: p });
      }),
    );
    assert.deepEqual(API_VALIDATORS.files.forgetRecent({}, 'arg'), {});
    assert.deepEqual(API_VALIDATORS.settings.update({ theme: 'dark' }, 'arg'), { theme: 'dark' });
    const b = new Uint8Array([1, 2]);
    assert.equal(API_VALIDATORS.files.save({ suggestedName: 'x.pcap', bytes: b }, 'arg').bytes, b);
  });

  test('names the bad field', () => {
    refuse(() => API_VALIDATORS.files.read({ path: 5 }, 'arg'), /^arg\.path: expected a string, got number$/);
    refuse(() => API_VALIDATORS.files.read({ path: '/a', x: 1 }, 'arg'), /^arg\.x: is not an accepted field$/);
    refuse(() => API_VALIDATORS.settings.update({ theme: 'blue' }, 'arg'), /^arg\.theme: expected one of system, light, dark$/);
    refuse(() => API_VALIDATORS.app.getInfo(null, 'arg'), /^arg: expected an object, got null$/);
    refuse(() => API_VALIDATORS.files.save({ suggestedName: 'a/b', bytes: new Uint8Array() }, 'arg'), /suggestedName: does not match/);
    refuse(() => EVENT_VALIDATORS.onDidRequestOpen({ paths: ['/a', 3] }, 'ev'), /^ev\.paths\[1\]: expected a string/);
    refuse(() => EVENT_VALIDATORS.onDidMenuCommand({ command: 'rm -rf' }, 'ev'), /ev\.command/);
  });

  test('objects must be plain (no prototypes smuggled in)', () => {
    class P {
      path = '/x';
    }
    refuse(() => API_VALIDATORS.files.read(new P(), 'arg'), /plain object/);
    refuse(() => API_VALIDATORS.files.read(JSON.parse('{"path":"/x","__proto__":{"polluted":1}}'), 'arg'), /__proto__: is not an accepted field/);
  });

  test('combinators: limits and types', () => {
    refuse(() => str({ max: 3 })('abcd', 'a'), /longer than 3/);
    refuse(() => str()('a\0b', 'a'), /NUL/);
    refuse(() => int({ min: 0, max: 10 })(11, 'a'), /between 0 and 10/);
    refuse(() => int()(1.5, 'a'), /whole number/);
    refuse(() => bytes({ max: 2 })(new Uint8Array(3), 'a'), /more than 2 bytes/);
    refuse(() => arrayOf(int(), { max: 2 })([1, 2, 3], 'a'), /more than 2 items/);
    refuse(() => oneOf('x', 'y')('z', 'a'), /one of x, y/);
    assert.deepEqual(object({ a: optional(int()) })({}, 'a'), {});
  });
});
