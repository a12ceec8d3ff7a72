// GraphFragment / joinFragments: the state graph kept in parts by the threads that found its states,
// joined into the graph one thread builds (ids breadth first), and parts that do not fit refused.
import t from 'tap';
import { GraphFragment, joined, joinFragments, numberStates, packOutline, placePart, unpackOutline } from './graph-fragment.js';
import { SharedFingerprintSet } from './fingerprint-set.js';

const fp = (n: number) => BigInt(100 + n);
// States of one number; plain JSON crosses threads as it is.
const codec = { encodeState: (s: readonly unknown[]) => s, decodeState: (e: unknown) => e as readonly unknown[] };
/** The search's table: the fragments name their states by their slots in it. */
const table = new SharedFingerprintSet(64);
for (const n of [1, 2, 3]) table.add(fp(n));

/** Thread A adds the initial state 1 and expands 1 -> 2, 3, 3; thread B finds 3 and expands 2 -> 3 and 3 -> 1. */
function fragments(options: { bExpands3?: boolean; bFinds3?: boolean } = {}) {
  const a = new GraphFragment();
  a.addState(fp(1), [1]);
  a.addInitial(fp(1));
  a.beginExpansion(fp(1));
  a.addSuccessor(fp(2));
  a.addState(fp(2), [2]);
  a.addSuccessor(fp(3));
  a.addSuccessor(fp(3)); // a repeated successor is one edge
  const b = new GraphFragment();
  if (options.bFinds3 !== false) b.addState(fp(3), [3]);
  b.beginExpansion(fp(2));
  b.addSuccessor(fp(3));
  if (options.bExpands3 !== false) {
    b.beginExpansion(fp(3));
    b.addSuccessor(fp(1));
  }
  return [a.contents(table), b.contents(table)];
}

t.test('joined: ids breadth first from the initial states, edges once, states back', async (t) => {
  const graph = joinFragments(fragments(), table);
  t.same(graph.initial, [0]);
  t.equal(graph.states.length, 3);
  t.same([0, 1, 2].map((id) => graph.states.get(id)), [[1], [2], [3]]);
  t.same([0, 1, 2].map((id) => [...graph.successors.of(id)]), [[1, 2], [2], [0]]);
});

t.test('the same graph whichever thread holds which part', async (t) => {
  const [a, b] = fragments();
  const swapped = joinFragments([b!, a!], table);
  t.same([0, 1, 2].map((id) => [...swapped.successors.of(id)]), [[1, 2], [2], [0]]);
  t.same([0, 1, 2].map((id) => swapped.states.get(id)), [[1], [2], [3]]);
});

t.test('refused: a state whose expansion no thread recorded, a state no thread holds, a state not in the table', async (t) => {
  const stray = new GraphFragment();
  stray.addState(fp(4), [4]);
  t.throws(() => stray.contents(table), /a state of the graph \(fingerprint 104\) is not in the search's table: threads disagree/);
  t.throws(() => joinFragments(fragments({ bExpands3: false }), table), /misses the successors of a state \(fingerprint 103\)/);
  t.throws(() => joinFragments(fragments({ bFinds3: false }), table), /has more states than the 2 the threads found: threads disagree/);
});

t.test('numbered on one thread, placed by each part\'s own thread in any order: the same graph; a part not placed is refused', async (t) => {
  for (const order of [
    [0, 1],
    [1, 0],
  ]) {
    const parts = fragments();
    // The coordinator sees only the outlines (B's as sent between threads); each part is placed where it was kept.
    const { graph, layout, renumbered } = numberStates([parts[0]!, unpackOutline(codec, packOutline(codec, parts[1]!))], table);
    const placed = order.reduce((n, p) => n + placePart(parts[p]!, layout, renumbered[p]!, table), 0);
    joined(graph, placed);
    t.same([0, 1, 2].map((id) => [...graph.successors.of(id)]), [[1, 2], [2], [0]], `edges, placed in the order ${order}`);
    t.same([0, 1, 2].map((id) => graph.states.get(id)), [[1], [2], [3]], `states, placed in the order ${order}`);
  }
  const parts = fragments();
  const { graph, layout, renumbered } = numberStates(parts, table);
  t.throws(() => joined(graph, placePart(parts[0]!, layout, renumbered[0]!, table)), /has 3 states but the threads found 2/, "B's part (state 3, edges 2 -> 3 and 3 -> 1) not placed");
  t.throws(() => graph.states.get(2), /state 2 was never set/);
});

t.test("each state's facts, evaluated by the thread that stored it, are joined with it", async (t) => {
  // Fact 0: the number is odd; fact 1: not known (its evaluation failed).
  const facts = { count: 2, evaluate: (s: readonly unknown[], out: Int8Array, at: number) => ((out[at] = (s[0] as number) % 2 === 1 ? 1 : -1), (out[at + 1] = 0)) };
  const a = new GraphFragment(facts);
  a.addState(fp(1), [1]);
  a.addInitial(fp(1));
  a.beginExpansion(fp(1));
  a.addSuccessor(fp(2));
  a.addSuccessor(fp(3));
  const b = new GraphFragment(facts);
  b.addState(fp(3), [3]);
  b.addState(fp(2), [2]);
  for (const [p, e] of [[2, 3], [3, 1]] as const) {
    b.beginExpansion(fp(p));
    b.addSuccessor(fp(e));
  }
  const graph = joinFragments([a.contents(table), b.contents(table)], table);
  t.same([0, 1, 2].map((id) => graph.states.get(id)), [[1], [2], [3]]);
  t.same([0, 1, 2].map((id) => [graph.states.fact(id, 0), graph.states.fact(id, 1)]), [[1, 0], [-1, 0], [1, 0]]);
  t.equal(graph.states.fact(0, 2), 0, 'a fact never evaluated is not known');
});
