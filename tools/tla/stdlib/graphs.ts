// The community module Graphs: a directed graph is a record [node |-> N, edge |-> E] whose edges
// are pairs <<from, to>> of nodes. Path(G), infinite when G has a cycle, is kept for membership only,
// as TLC keeps the module's {p \in Seq(G.node) : ...}.
import {
  apply,
  asFcn,
  domainIndex,
  FilterSet,
  fcnFromPairs,
  finiteElements,
  formatValue,
  isMember,
  isSubsetEq,
  productSet,
  record,
  seqSet,
  setOf,
  subsetSet,
  tuple,
  valueError,
  valuesEqual,
  type FcnValue,
  type SetValue,
  type Value,
} from '../values/index.js';
import { fcnArg, setArg, valueArg } from './args.js';
import type { StdArg, StdOperator } from './std-operator.js';

interface Graph {
  fcn: FcnValue;
  nodeSet: SetValue;
  edges: SetValue;
}

function field(op: string, g: FcnValue, name: string): Value {
  if (domainIndex(g, name) < 0) valueError('E3003', `the argument of ${op} must be a graph record [node |-> ..., edge |-> ...]; it has no field ${name}`);
  return apply(g, name);
}

function graphArg(op: string, args: StdArg[], i: number): Graph {
  const fcn = fcnArg(op, args, i);
  return { fcn, nodeSet: setArg(op, [field(op, fcn, 'node')], 0), edges: setArg(op, [field(op, fcn, 'edge')], 0) };
}

/** Exactly the fields node and edge, every edge a pair of nodes: the module's IsDirectedGraph. */
function isDirected(g: Graph): boolean {
  return g.fcn.values.length === 2 && isSubsetEq(g.edges, productSet([g.nodeSet, g.nodeSet]));
}

const joins = (g: Graph, from: Value, to: Value): boolean => isMember(tuple([from, to]), g.edges);

function ends(e: Value): [Value, Value] {
  const pair = asFcn(e, 'an edge of a graph');
  return [apply(pair, 1), apply(pair, 2)];
}

/**
 * The subgraphs of G: every node set N within G's, with every set of G's edges between nodes of N
 * (the module filters all [node : SUBSET G.node, edge : SUBSET (G.node \X G.node)] down to these).
 */
function directedSubgraphs(g: Graph): FcnValue[] {
  return finiteElements(subsetSet(g.nodeSet)).flatMap((n) => {
    const pairs = finiteElements(productSet([n as SetValue, n as SetValue])).filter((p) => isMember(p, g.edges));
    return finiteElements(subsetSet(setOf(pairs))).map((e) => record([['edge', e], ['node', n]]));
  });
}

const symmetric = (g: Graph): boolean => finiteElements(g.edges).every((e) => joins(g, ends(e)[1], ends(e)[0]));

/** The nodes of G reachable from `from` (a node of G) along its edges, `from` included. */
function reachable(g: Graph, nodes: readonly Value[], from: Value): Value[] {
  const found = [from];
  for (let k = 0; k < found.length; k++) {
    for (const n of nodes) if (!found.some((x) => valuesEqual(x, n)) && joins(g, found[k]!, n)) found.push(n);
  }
  return found;
}

/** Whether a path of G leads from m to n: both nodes of G, n reachable from m (the one-node path when m = n). */
function connected(g: Graph, nodes: readonly Value[], m: Value, n: Value): boolean {
  return isMember(m, g.nodeSet) && isMember(n, g.nodeSet) && reachable(g, nodes, m).some((x) => valuesEqual(x, n));
}

export const graphs: Record<string, StdOperator> = {
  // IsDirectedGraph(G): G has exactly the fields node and edge, and every edge is a pair of its nodes.
  IsDirectedGraph: { arity: 1, call: (args) => isDirected(graphArg('IsDirectedGraph', args, 0)) },
  // DirectedSubgraph(G): the directed graphs whose nodes are some of G's and whose edges are some of G's.
  DirectedSubgraph: { arity: 1, call: (args) => setOf(directedSubgraphs(graphArg('DirectedSubgraph', args, 0))) },
  // Transpose(G): G with every edge turned around; G.node is kept whatever it is.
  Transpose: {
    arity: 1,
    call: (args) => {
      const g = fcnArg('Transpose', args, 0);
      const edges = finiteElements(setArg('Transpose', [field('Transpose', g, 'edge')], 0)).map((e) => tuple(ends(e).reverse()));
      return record([['edge', setOf(edges)], ['node', field('Transpose', g, 'node')]]);
    },
  },
  // IsUndirectedGraph(G): a directed graph in which every edge comes with its reverse.
  IsUndirectedGraph: {
    arity: 1,
    call: (args) => {
      const g = graphArg('IsUndirectedGraph', args, 0);
      return isDirected(g) && symmetric(g);
    },
  },
  // UndirectedSubgraph(G): the subgraphs of G (as DirectedSubgraph) in which every edge comes with its reverse.
  UndirectedSubgraph: {
    arity: 1,
    call: (args) => {
      const subgraphs = directedSubgraphs(graphArg('UndirectedSubgraph', args, 0));
      return setOf(subgraphs.filter((h) => symmetric(graphArg('UndirectedSubgraph', [h], 0))));
    },
  },
  // Path(G): the non-empty sequences of nodes, each joined to the next by an edge; membership only.
  Path: {
    arity: 1,
    call: (args) => {
      const g = graphArg('Path', args, 0);
      const isPath = (p: Value): boolean => {
        const nodes = asFcn(p, 'a path').values;
        return nodes.length > 0 && nodes.every((n, i) => i === 0 || joins(g, nodes[i - 1]!, n));
      };
      return new FilterSet(seqSet(g.nodeSet), isPath, `{p \\in Seq(${formatValue(g.nodeSet)}) : ...}`);
    },
  },
  // SimplePath(G): the paths of G that visit no node twice.
  SimplePath: {
    arity: 1,
    call: (args) => {
      const g = graphArg('SimplePath', args, 0);
      const nodes = finiteElements(g.nodeSet);
      const paths: Value[][] = nodes.map((n) => [n]);
      for (let k = 0; k < paths.length; k++) {
        const path = paths[k]!;
        for (const n of nodes) {
          if (!path.some((m) => valuesEqual(m, n)) && joins(g, path[path.length - 1]!, n)) paths.push([...path, n]);
        }
      }
      return setOf(paths.map((p) => tuple(p)));
    },
  },
  // AreConnectedIn(m, n, G): some path of G starts at m and ends at n.
  AreConnectedIn: {
    arity: 3,
    call: (args) => {
      const g = graphArg('AreConnectedIn', args, 2);
      return connected(g, finiteElements(g.nodeSet), valueArg('AreConnectedIn', args, 0), valueArg('AreConnectedIn', args, 1));
    },
  },
  // ConnectionsIn(G): the function on pairs <<m, n>> of G's nodes telling whether AreConnectedIn(m, n, G).
  ConnectionsIn: {
    arity: 1,
    call: (args) => {
      const g = graphArg('ConnectionsIn', args, 0);
      const nodes = finiteElements(g.nodeSet);
      return fcnFromPairs(nodes.flatMap((m) => {
        const to = reachable(g, nodes, m);
        return nodes.map((n) => [tuple([m, n]), to.some((x) => valuesEqual(x, n))] as const);
      }));
    },
  },
  // IsStronglyConnected(G): a path leads from every node of G to every node of G (TRUE without nodes).
  IsStronglyConnected: {
    arity: 1,
    call: (args) => {
      const g = graphArg('IsStronglyConnected', args, 0);
      const nodes = finiteElements(g.nodeSet);
      return nodes.every((m) => reachable(g, nodes, m).length === nodes.length);
    },
  },
  // IsTreeWithRoot(G, r): a directed graph with no edge out of r, at most one edge out of any other
  // node, and a path from every node to r.
  IsTreeWithRoot: {
    arity: 2,
    call: (args) => {
      const g = graphArg('IsTreeWithRoot', args, 0);
      const r = valueArg('IsTreeWithRoot', args, 1);
      if (!isDirected(g)) return false;
      const sources = finiteElements(g.edges).map((e) => ends(e)[0]);
      if (sources.some((s, i) => valuesEqual(s, r) || sources.some((t, j) => j !== i && valuesEqual(s, t)))) return false;
      const nodes = finiteElements(g.nodeSet);
      return nodes.every((n) => connected(g, nodes, n, r));
    },
  },
};
