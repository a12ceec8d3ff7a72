// The community module UndirectedGraphs: a graph is a record [node |-> N, edge |-> E] whose edges
// are sets {a, b} of one or two nodes. Path(G), infinite when G has an edge, is not provided.
import {
  apply,
  domainIndex,
  finiteElements,
  isMember,
  productSet,
  recordSet,
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
  nodes: readonly Value[];
  nodeSet: SetValue;
  edges: SetValue;
  /** Only the fields node and edge. */
  exact: boolean;
}

function graphArg(op: string, args: StdArg[], i: number): Graph {
  const g = fcnArg(op, args, i);
  const field = (name: string): SetValue => {
    if (domainIndex(g, name) < 0) valueError('E3003', `the argument of ${op} must be a graph record [node |-> ..., edge |-> ...]; it has no field ${name}`);
    return setArg(op, [apply(g, name)], 0);
  };
  const nodeSet = field('node');
  return { nodes: finiteElements(nodeSet), nodeSet, edges: field('edge'), exact: g.values.length === 2 };
}

/** Whether every edge is {a, b} for nodes a, b (distinct ones when `loopFree`). */
function edgesJoinNodes(g: Graph, loopFree: boolean): boolean {
  return finiteElements(g.edges).every((e) => {
    if (typeof e !== 'object' || e.kind === 'model' || e.kind === 'fcn') return false;
    const ends = finiteElements(e);
    const size = ends.length;
    return (size === 2 || (size === 1 && !loopFree)) && ends.every((n) => isMember(n, g.nodeSet));
  });
}

/** The sets of nodes joined by paths (each node with its neighbours through edges {a, b}). */
function components(g: Graph): Value[][] {
  const seen = new Array<boolean>(g.nodes.length).fill(false);
  const joined = (a: Value, b: Value): boolean => isMember(setOf([a, b]), g.edges);
  const out: Value[][] = [];
  g.nodes.forEach((start, i) => {
    if (seen[i]) return;
    seen[i] = true;
    const component = [start];
    for (let k = 0; k < component.length; k++) {
      g.nodes.forEach((n, j) => {
        if (!seen[j] && joined(component[k]!, n)) {
          seen[j] = true;
          component.push(n);
        }
      });
    }
    out.push(component);
  });
  return out;
}

export const undirectedGraphs: Record<string, StdOperator> = {
  // IsUndirectedGraph(G): G has exactly the fields node and edge, every edge a set of one or two nodes.
  IsUndirectedGraph: {
    arity: 1,
    call: (args) => {
      const g = graphArg('IsUndirectedGraph', args, 0);
      return g.exact && edgesJoinNodes(g, false);
    },
  },
  // IsLoopFreeUndirectedGraph(G): the same, every edge joining two distinct nodes.
  IsLoopFreeUndirectedGraph: {
    arity: 1,
    call: (args) => {
      const g = graphArg('IsLoopFreeUndirectedGraph', args, 0);
      return g.exact && edgesJoinNodes(g, true);
    },
  },
  // UndirectedSubgraph(G): the graphs whose nodes and edges are subsets of G's.
  UndirectedSubgraph: {
    arity: 1,
    call: (args) => {
      const g = graphArg('UndirectedSubgraph', args, 0);
      const candidates = finiteElements(recordSet([['edge', subsetSet(g.edges)], ['node', subsetSet(g.nodeSet)]]));
      return setOf(candidates.filter((h) => edgesJoinNodes(graphArg('UndirectedSubgraph', [h], 0), false)));
    },
  },
  // SimplePath(G): the non-empty sequences of distinct nodes, each joined to the next by an edge.
  SimplePath: {
    arity: 1,
    call: (args) => {
      const g = graphArg('SimplePath', args, 0);
      const paths: Value[][] = g.nodes.map((n) => [n]);
      for (let k = 0; k < paths.length; k++) {
        const path = paths[k]!;
        for (const n of g.nodes) {
          if (!path.some((m) => valuesEqual(m, n)) && isMember(setOf([path[path.length - 1]!, n]), g.edges)) paths.push([...path, n]);
        }
      }
      return setOf(paths.map((p) => tuple(p)));
    },
  },
  // AreConnectedIn(m, n, G): some path of G leads from node m to node n.
  AreConnectedIn: {
    arity: 3,
    call: (args) => {
      const m = valueArg('AreConnectedIn', args, 0);
      const n = valueArg('AreConnectedIn', args, 1);
      const g = graphArg('AreConnectedIn', args, 2);
      return components(g).some((c) => c.some((x) => valuesEqual(x, m)) && c.some((x) => valuesEqual(x, n)));
    },
  },
  // ConnectedComponents(G): the maximal non-empty sets of nodes any two of which a path joins.
  ConnectedComponents: { arity: 1, call: (args) => setOf(components(graphArg('ConnectedComponents', args, 0)).map((c) => setOf(c))) },
  // IsStronglyConnected(G): G's nodes form exactly one connected component (so G has a node).
  IsStronglyConnected: {
    arity: 1,
    call: (args) => {
      const g = graphArg('IsStronglyConnected', args, 0);
      return g.nodes.length > 0 && components(g).length === 1;
    },
  },
  // UndirectedGraphs(S): every graph on the nodes S (edges any sets {s, t} of nodes).
  UndirectedGraphs: {
    arity: 1,
    call: (args) => {
      const s = setArg('UndirectedGraphs', args, 0);
      const pairs = finiteElements(productSet([s, s])).map((p) => setOf([...(p as FcnValue).values]));
      return recordSet([['edge', subsetSet(setOf(pairs))], ['node', setOf([s])]]);
    },
  },
};
