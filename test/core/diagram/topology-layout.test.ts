// The schematic layout: every pod, tun, VPP, tap and uplink is placed, inside its node card, without
// overlaps; pods are joined to their tun and interfaces to VPP; uplinks reach the underlay line.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { bestColumns, emptyNode, layoutSchematic, type LaidOutElement, type SchematicModel } from '../../../src/core/diagram';

function model(podsPerNode: number[], uplinks = true): SchematicModel {
  return {
    nodes: podsPerNode.map((n, k) => {
      const node = emptyNode(`node-${k + 1}`);
      node.tap = 'tap0';
      node.uplinks = uplinks ? ['host-eth0'] : [];
      node.pods = Array.from({ length: n }, (_, i) => ({ namespace: 'default', name: `pod-${i}`, ip: `10.0.${k}.${i}`, tun: `tun${i + 1}` }));
      return node;
    }),
    encapsulation: 'IPIP',
    inferred: false,
  };
}

const overlap = (a: LaidOutElement, b: LaidOutElement) => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
const inside = (a: LaidOutElement, f: LaidOutElement) => a.x >= f.x && a.y >= f.y && a.x + a.w <= f.x + f.w && a.y + a.h <= f.y + f.h;

describe('layoutSchematic', () => {
  test('every element inside its node card, none overlapping another (any pod counts, any columns)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 20 }), { minLength: 1, maxLength: 5 }), fc.integer({ min: 1, max: 5 }), (pods, columns) => {
        const l = layoutSchematic(model(pods), { columns });
        const frames = l.elements.filter((e) => e.kind === 'node');
        assert.equal(frames.length, pods.length);
        for (let i = 0; i < frames.length; i++) for (let j = i + 1; j < frames.length; j++) assert.ok(!overlap(frames[i]!, frames[j]!), 'cards overlap');
        const inner = l.elements.filter((e) => e.kind !== 'node' && !(e.kind === 'vpp'));
        for (const e of l.elements.filter((x) => x.kind !== 'node')) assert.ok(inside(e, frames.find((f) => f.node === e.node)!), `${e.key} outside its card`);
        for (let i = 0; i < inner.length; i++) for (let j = i + 1; j < inner.length; j++) assert.ok(!overlap(inner[i]!, inner[j]!), `${inner[i]!.key} overlaps ${inner[j]!.key}`);
        for (const e of l.elements) assert.ok(e.x + e.w <= l.width && e.y + e.h <= l.height, 'inside the drawing');
      }),
      { numRuns: 60 },
    );
  });

  test('links: pod ↔ tun (eth0), interfaces ↔ VPP, tap ↔ host, uplink ↔ network', () => {
    const l = layoutSchematic(model([3, 2]));
    const keys = new Set(l.links.map((x) => `${x.from}>${x.to}`));
    assert.ok(keys.has('node-1/pod/default/pod-0>node-1/tun/tun1'));
    assert.equal(l.links.find((x) => x.from === 'node-1/pod/default/pod-0')?.label, 'eth0');
    assert.ok(keys.has('node-2/tun/tun2>node-2/vpp/vpp'));
    assert.ok(keys.has('node-1/tap/tap0>node-1/host/host'));
    assert.ok(keys.has('node-2/phy/host-eth0>network'));
    assert.ok(l.links.every((x) => /^M[\d.-]/.test(x.d)), 'every link has path data');
    assert.ok(l.network && l.network.label.includes('IPIP'));
  });

  test('one column joins the uplinks with a vertical line on the right; one row with a horizontal one below', () => {
    const stacked = layoutSchematic(model([2, 2]), { columns: 1 });
    assert.equal(stacked.network!.x1, stacked.network!.x2);
    const wide = layoutSchematic(model([2, 2]), { columns: 2 });
    assert.equal(wide.network!.y1, wide.network!.y2);
    assert.ok(wide.width > stacked.width && stacked.height > wide.height);
  });

  test('many pods: the card shows the first 16 and says how many are hidden', () => {
    const l = layoutSchematic(model([30]));
    assert.equal(l.elements.filter((e) => e.kind === 'pod').length, 16);
    assert.equal(l.hiddenPods['node-1'], 14);
  });

  test('bestColumns prefers the arrangement that fits the box', () => {
    const m = model([3, 3]);
    assert.equal(bestColumns(m, 2000, 400), 2);
    assert.equal(bestColumns(m, 900, 900), 1);
  });

  test('no uplink, no network line', () => {
    assert.equal(layoutSchematic(model([1], false)).network, null);
  });
});
