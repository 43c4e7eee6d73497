// sameContent decides whether a re-derived object may be replaced by its earlier version: it must
// never call different contents the same.
import assert from 'node:assert/strict';
import test from 'node:test';
import { sameContent } from '../../src-shared/identity';

test('sameContent: equal structures are the same, any difference is not', () => {
  const shared = { deep: [1, 2, { three: 3 }] };
  const peak = (n: number) => n;
  const make = () => ({ a: 1, b: 'x', c: [1, { d: null, e: undefined }], m: new Map([['k', { v: 1 }]]), s: new Set(['x']), shared, peak, n: NaN });
  assert.ok(sameContent(make(), make()));
  const differing: Array<(value: ReturnType<typeof make>) => unknown> = [
    (v) => ({ ...v, a: 2 }),
    (v) => ({ ...v, c: [1, { d: null }] }),
    (v) => ({ ...v, c: [1, { d: null, e: undefined }, 3] }),
    (v) => ({ ...v, m: new Map([['k', { v: 2 }]]) }),
    (v) => ({ ...v, m: new Map([['j', { v: 1 }]]) }),
    (v) => ({ ...v, s: new Set(['y']) }),
    (v) => ({ ...v, peak: (n: number) => n }),
    (v) => ({ b: v.b, a: v.a, c: v.c, m: v.m, s: v.s, shared: v.shared, peak: v.peak, n: v.n }),
    (v) => ({ ...v, extra: undefined }),
    (v) => ({ ...v, c: { 0: 1, 1: { d: null, e: undefined } } }),
  ];
  for (const change of differing) assert.ok(!sameContent(make(), change(make())), String(change));
});

test('sameContent: cycles compare as their other parts do', () => {
  type Node = { name: string; next?: Node };
  const ring = (name: string): Node => {
    const a: Node = { name };
    a.next = { name: 'b', next: a };
    return a;
  };
  assert.ok(sameContent(ring('a'), ring('a')));
  assert.ok(!sameContent(ring('a'), ring('z')));
});
