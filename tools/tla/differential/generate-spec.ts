// Random small TLA+ specifications, a pure function of a seed, for differential runs against TLC:
// a root module with its .cfg (and sometimes a second module it instantiates), every state space
// bounded (each variable's updates are reduced modulo a small range) so that both checkers finish in seconds.

/** One generated model: the files to write side by side (the root module first) and its configuration. */
export interface GeneratedSpec {
  seed: number;
  /** The root module's name (`R<seed>`); its file is `<name>.tla`, the configuration `<name>.cfg`. */
  name: string;
  /** Every module file, the root module first. */
  modules: { file: string; text: string }[];
  cfg: string;
  /** What this spec exercises, for the summary (`instance`, `pluscal`, `symmetry`, `liveness`, ...). */
  features: string[];
}

/** A seeded generator (mulberry32): 32 bits of state, the same stream for the same seed on every platform. */
class Random {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  below(n: number): number {
    return Math.floor(this.next() * n);
  }
  pick<T>(xs: readonly T[]): T {
    return xs[this.below(xs.length)]!;
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  subset<T>(xs: readonly T[], p: number): T[] {
    return xs.filter(() => this.chance(p));
  }
}

/**
 * A state variable's kind: how it starts, its type, how actions change it, and the integer, set and
 * Boolean expressions that read it. `self` is the process of a PlusCal-shaped action (a bound name) or
 * undefined; updates take the random expression generator so that they read the other variables.
 */
interface VariableKind {
  name: string;
  init: string;
  type: string;
  updates: ((g: Expressions, self: string | undefined) => string)[];
  ints: string[];
  sets: string[];
  bools: string[];
}

const variableKinds: readonly VariableKind[] = [
  {
    name: 'x',
    init: 'x \\in 0..1',
    type: 'x \\in 0..4',
    updates: [(g) => `x' = (${g.int()}) % 5`, () => `x' = (x + 1) % 5`, (g) => `x' = Max2(x, ${g.int()}) % 5`],
    ints: ['x'],
    sets: ['{x}'],
    bools: ['x > 0'],
  },
  {
    name: 's',
    init: 's = {}',
    type: 's \\subseteq 0..3',
    updates: [(g) => `s' = (${g.set()}) \\cap 0..3`, (g) => `\\E ${g.fresh()} \\in 0..3 : s' = s \\cup {${g.last()}}`, () => `s' = s \\ {CHOOSE el \\in s \\cup {0} : TRUE}`],
    ints: ['Cardinality(s)', 'SumSet(s)'],
    sets: ['s'],
    bools: ['s = {}'],
  },
  {
    name: 'q',
    init: 'q = <<>>',
    type: 'q \\in Seq(0..2) /\\ Len(q) <= 3',
    updates: [
      (g) => `q' = IF Len(q) < 3 THEN Append(q, (${g.int()}) % 3) ELSE q`,
      () => `q' = IF q = <<>> THEN q ELSE Tail(q)`,
      () => `q' = SubSeq(q, 1, Len(q) - 1)`,
      () => `q' = [k \\in 1..Len(q) |-> (q[k] + 1) % 3]`,
    ],
    ints: ['Len(q)', '(IF q = <<>> THEN 0 ELSE Head(q))'],
    sets: ['{q[k] : k \\in DOMAIN q}'],
    bools: ['q # <<>>'],
  },
  {
    name: 'f',
    init: 'f = [k \\in 1..2 |-> 0]',
    type: 'f \\in [1..2 -> 0..2]',
    updates: [
      (g) => `f' = [f EXCEPT ![((${g.int()}) % 2) + 1] = (@ + ${g.int()}) % 3]`,
      (g) => {
        const k = g.fresh();
        return `f' = [${k} \\in 1..2 |-> (${g.int()} + ${k}) % 3]`;
      },
      () => `f' = [f EXCEPT ![1] = f[2], ![2] = f[1]]`,
    ],
    ints: ['f[1]', 'f[2]', 'fact[f[1]]'],
    sets: ['{f[k] : k \\in DOMAIN f}'],
    bools: ['f[1] = 0'],
  },
  {
    name: 'r',
    init: 'r = [a |-> 0, b |-> 1]',
    type: 'r \\in [a : 0..2, b : 0..1]',
    updates: [(g) => `r' = [r EXCEPT !.a = (@ + ${g.int()}) % 3]`, (g) => `r' = [a |-> r.b, b |-> (${g.int()}) % 2]`, (g) => `r' = [r EXCEPT !.a = r.b, !.b = (${g.int()}) % 2]`],
    ints: ['r.a', 'r.b'],
    sets: ['{r.a, r.b}'],
    bools: ['r.a = r.b'],
  },
  {
    name: 'w',
    init: 'w \\in {"zed", "mid"}',
    type: 'w \\in Names',
    updates: [() => `w' = CHOOSE v \\in Names : v # w`, (g) => `w' = IF ${g.bool()} THEN Greeting ELSE w`, (g) => `\\E ${g.fresh()} \\in Names \\ {w} : w' = ${g.last()}`],
    ints: ['(IF w = Greeting THEN 1 ELSE 0)'],
    sets: [],
    bools: ['w = "mid"', 'w \\in {"a", Greeting}'],
  },
  {
    name: 'p',
    init: 'p \\in [Procs -> 0..1]',
    type: 'p \\in [Procs -> 0..2]',
    updates: [
      (g, self) => (self ? `p' = [p EXCEPT ![${self}] = (@ + ${g.int()}) % 3]` : `\\E ${g.fresh()} \\in Procs : p' = [p EXCEPT ![${g.last()}] = (p[${g.last()}] + ${g.int()}) % 3]`),
      () => `p' = [k \\in Procs |-> IF k = CHOOSE j \\in Procs : TRUE THEN 0 ELSE p[k]]`,
      () => `\\E i, j \\in Procs : i # j /\\ p' = [p EXCEPT ![i] = p[j], ![j] = p[i]]`,
      () => `p' = [k \\in Procs |-> Cardinality({j \\in Procs : p[j] = p[k]}) % 3]`,
    ],
    ints: ['p[CHOOSE k \\in Procs : TRUE]', 'SumSet({p[k] : k \\in Procs})'],
    sets: ['{p[k] : k \\in Procs}'],
    bools: ['\\E k \\in Procs : p[k] = 1', '\\A k \\in Procs : \\E j \\in Procs : p[k] <= p[j]'],
  },
  {
    name: 'h',
    init: 'h = Nil',
    type: 'h \\in Procs \\cup {Nil}',
    updates: [
      () => `h' = Nil`,
      (_g, self) => (self ? `h = Nil /\\ h' = ${self}` : `\\E i \\in Procs : h = Nil /\\ h' = i`),
      () => `h' = IF h = Nil THEN CHOOSE i \\in Procs : TRUE ELSE Nil`,
    ],
    ints: ['(IF h = Nil THEN 0 ELSE 1)'],
    sets: [],
    bools: ['h = Nil', 'h \\in Procs'],
  },
  {
    name: 'm',
    init: 'm = {}',
    type: 'm \\subseteq [src : Procs, val : 0..1]',
    updates: [
      (g, self) => (self ? `m' = m \\cup {[src |-> ${self}, val |-> (${g.int()}) % 2]}` : `\\E ${g.fresh()} \\in Procs : m' = m \\cup {[src |-> ${g.last()}, val |-> (${g.int()}) % 2]}`),
      () => `\\E msg \\in m : m' = m \\ {msg}`,
      () => `m' = {msg \\in m : msg.val = 0}`,
      () => `m' = {[msg EXCEPT !.val = 1 - @] : msg \\in m}`,
    ],
    ints: ['Cardinality(m)', 'Cardinality({msg.src : msg \\in m})'],
    sets: ['{msg.val : msg \\in m}'],
    bools: ['\\E msg \\in m : msg.val = 1', '\\A msg \\in m : msg.src \\in Procs'],
  },
  {
    // A function of strings (printed as a record) holding negative numbers.
    name: 'u',
    init: 'u = [k \\in {"b", "a"} |-> -1]',
    type: 'u \\in [{"a", "b"} -> -1..1]',
    updates: [(g) => `u' = [u EXCEPT !["a"] = ((@ + ${g.int()}) % 3) - 1]`, () => `u' = [u EXCEPT !["b"] = u["a"], !["a"] = u["b"]]`, () => `u' = ("a" :> 0 @@ u)`],
    ints: ['u["a"]', '(u["b"] + 1)'],
    sets: ['{u[k] + 1 : k \\in DOMAIN u}'],
    bools: ['u["a"] < 0'],
  },
  {
    // A set of sets, and a sequence of records holding sets of strings.
    name: 'z',
    init: 'z = {{}}',
    type: 'z \\subseteq SUBSET (0..2)',
    updates: [(g) => `z' = z \\cup {{(${g.int()}) % 3}}`, (g) => `\\E ${g.fresh()} \\in z : z' = (z \\ {${g.last()}}) \\cup {${g.last()} \\cup {1}}`, () => `z' = {el \\ {0} : el \\in z}`],
    ints: ['Cardinality(z)', 'Cardinality(UNION z)'],
    sets: ['UNION z'],
    bools: ['{} \\in z', '\\E el \\in z : 2 \\in el'],
  },
  {
    name: 'l',
    init: 'l = <<>>',
    type: 'l \\in Seq([id : 0..2, tags : SUBSET Names]) /\\ Len(l) <= 2',
    updates: [
      (g) => `l' = IF Len(l) < 2 THEN <<[id |-> (${g.int()}) % 3, tags |-> {"b", Greeting}]>> \\o l ELSE Tail(l)`,
      () => `l' = [k \\in DOMAIN l |-> [l[k] EXCEPT !.tags = @ \\cup {"a"}]]`,
      () => `l' = SelectSeq(l, LAMBDA el : el.id # 0)`,
    ],
    ints: ['Len(l)', '(IF l = <<>> THEN 0 ELSE l[1].id)'],
    sets: ['{l[k].id : k \\in DOMAIN l}'],
    bools: ['\\A k \\in DOMAIN l : "b" \\in l[k].tags'],
  },
  {
    // A record of a function and a sequence of strings: EXCEPT paths two deep, CHOOSE over strings.
    name: 'g',
    init: 'g = [cnt |-> [k \\in Procs |-> 0], log |-> <<>>]',
    type: 'g \\in [cnt : [Procs -> 0..2], log : Seq(Names)] /\\ Len(g.log) <= 2',
    updates: [
      (g, self) => `g' = [g EXCEPT !.cnt[${self ?? 'CHOOSE k \\in Procs : TRUE'}] = (@ + ${g.int()}) % 3]`,
      () => `g' = [g EXCEPT !.log = IF Len(@) < 2 THEN Append(@, CHOOSE v \\in Names \\ {"zed"} : TRUE) ELSE Tail(@)]`,
      () => `\\E k \\in Procs : g' = [g EXCEPT !.cnt[k] = 0, !.log = <<>> \\o SubSeq(@, 2, Len(@))]`,
    ],
    ints: ['g.cnt[CHOOSE k \\in Procs : TRUE]', 'Len(g.log)'],
    sets: ['{g.cnt[k] : k \\in Procs}'],
    bools: ['g.log # <<>>', '"a" \\in {g.log[i] : i \\in DOMAIN g.log}'],
  },
  {
    // A Boolean.
    name: 'o',
    init: 'o \\in BOOLEAN',
    type: 'o \\in BOOLEAN',
    updates: [() => `o' = ~o`, (g) => `o' = (${g.bool()})`, (g) => `\\E ${g.fresh()} \\in BOOLEAN : o' = (${g.last()} <=> o)`],
    ints: ['(IF o THEN 1 ELSE 0)'],
    sets: [],
    bools: ['o', '(o \\equiv ~o)'],
  },
  {
    // A pair (a tuple of an integer and a string), bound as <<i, j>> and changed in both components with @.
    name: 't',
    init: 't = <<0, "a">>',
    type: 't \\in (0..2) \\X {"a", "b"}',
    updates: [
      (g) => `t' = [t EXCEPT ![1] = (@ + ${g.int()}) % 3, ![2] = IF @ = "a" THEN "b" ELSE "a"]`,
      () => `\\E <<i, j>> \\in (0..2) \\X {"a", "b"} : i # t[1] /\\ t' = <<i, j>>`,
      (g) => `t' = <<Len(ToString(${g.set()})) % 3, t[2]>>`,
    ],
    ints: ['t[1]', 'Len(t[2] \\o "z")'],
    sets: ['{t[1]}'],
    bools: ['t[2] = "a"', '<<t[1], 0>> \\in {<<i, j>> \\in (0..2) \\X (0..2) : i >= j}'],
  },
  {
    // A function of two arguments (Procs \X 0..1), written and read as d[i, j].
    name: 'd',
    init: 'd = [i \\in Procs, j \\in 0..1 |-> 0]',
    type: 'd \\in [Procs \\X (0..1) -> 0..1]',
    updates: [
      (g, self) => `d' = [d EXCEPT ![${self ?? 'CHOOSE k \\in Procs : TRUE'}, (${g.int()}) % 2] = 1 - @]`,
      () => `\\E i \\in Procs, j \\in 0..1 : d[i, j] = 1 /\\ d' = [d EXCEPT ![i, j] = 0]`,
      () => `d' = [e \\in DOMAIN d |-> d[e[1], 1 - e[2]]]`,
    ],
    ints: ['d[CHOOSE k \\in Procs : TRUE, 0]', 'Cardinality({e \\in DOMAIN d : d[e] = 1})'],
    sets: ['{d[i, j] : i \\in Procs, j \\in 0..1}'],
    bools: ['\\A i \\in Procs, j \\in 0..1 : d[i, j] <= 1', '\\E <<i, j>> \\in DOMAIN d : d[i, j] = 1'],
  },
];

/** An atom that binds a name, in parentheses: a quantifier's body extends as far right as it can, over what follows. */
const bracketed = (atom: string): string => (/^\\[EA] /.test(atom) ? `(${atom})` : atom);

/** The random expressions of one spec, over the variables it declares and the names bound where they are written. */
class Expressions {
  private bound = 0;
  /** Names bound around the expression being written (integers). */
  readonly env: string[] = [];
  constructor(
    private readonly r: Random,
    private readonly atoms: { ints: string[]; sets: string[]; bools: string[] },
    readonly depth: number,
  ) {}

  /** A name never bound before in this spec, so that no binder reuses a visible name (SANY refuses it). */
  fresh(): string {
    return `v${this.bound++}`;
  }
  last(): string {
    return `v${this.bound - 1}`;
  }
  private scoped<T>(name: string, body: () => T): T {
    this.env.push(name);
    try {
      return body();
    } finally {
      this.env.pop();
    }
  }

  int(d = this.depth): string {
    const r = this.r;
    if (d <= 0) return r.pick(['0', '1', '2', 'N', ...this.atoms.ints, ...this.env]);
    const i = (): string => this.int(d - 1);
    switch (r.below(22)) {
      case 0:
        return `(${i()} + ${i()})`;
      case 1:
        return `(${i()} - ${i()})`;
      case 2:
        return `(${i()} * ${i()})`;
      case 3:
        return `(${i()} % 3)`;
      case 4:
        return `(IF ${this.bool(d - 1)} THEN ${i()} ELSE ${i()})`;
      case 5: {
        const v = this.fresh();
        const range = this.set(d - 1);
        return `(CHOOSE ${v} \\in (${range} \\cup {0}) : ${this.scoped(v, () => this.bool(d - 1))} \\/ ${v} = 0)`;
      }
      case 6: {
        const v = this.fresh();
        const value = i();
        return `(LET ${v} == ${value} IN ${this.scoped(v, () => this.int(d - 1))})`;
      }
      case 7: {
        // A LET operator with a parameter, applied twice.
        const op = this.fresh();
        const param = this.fresh();
        const body = this.scoped(param, () => this.int(d - 1));
        return `(LET ${op}(${param}) == ${body} IN ${op}(${i()}) + ${op}(${i()}))`;
      }
      case 8:
        return `Cardinality(${this.set(d - 1)})`;
      case 9:
        return `(CASE ${this.bool(d - 1)} -> ${i()} [] ${this.bool(d - 1)} -> ${i()} [] OTHER -> ${i()})`;
      case 10:
        return `(${i()} \\div 2)`;
      case 11:
        return `Max2(${i()}, ${i()})`;
      case 12:
        return `SumSet(${this.set(d - 1)} \\cap 0..3)`;
      case 13:
        return `fact[(${i()}) % 4]`;
      case 14:
        return `(2 ^ ((${i()}) % 3) - ${i()})`;
      case 15: {
        // A function built, then applied; a record built, then a field.
        const k = this.fresh();
        return r.chance(0.5) ? `[${k} \\in 0..2 |-> ${this.scoped(k, () => this.int(d - 1))}][(${i()}) % 3]` : `[a |-> ${i()}, b |-> -(${i()})].${r.pick(['a', 'b'])}`;
      }
      case 16: {
        // A LET with a RECURSIVE operator of its own.
        const op = this.fresh();
        const param = this.fresh();
        return `(LET RECURSIVE ${op}(_) ${op}(${param}) == IF ${param} <= 0 THEN 0 ELSE 1 + ${op}(${param} - 1) IN ${op}((${i()}) % 4))`;
      }
      case 17: {
        // An operator taking an operator, given a LAMBDA.
        const k = this.fresh();
        return `Twice(LAMBDA ${k} : ${this.scoped(k, () => this.int(d - 1))} % 4, ${i()})`;
      }
      case 18:
        // TLC's printed form of a set, its length: its elements' order and format.
        return `Len(ToString(${this.set(d - 1)}))`;
      case 19: {
        const [a, b] = [this.fresh(), this.fresh()];
        const range = this.set(d - 1);
        return `(CHOOSE <<${a}, ${b}>> \\in (${range} \\cup {0}) \\X {0, 1} : ${this.scoped(a, () => this.scoped(b, () => this.bool(d - 1)))} \\/ ${a} = 0)[${r.pick(['1', '2'])}]`;
      }
      case 20:
        // CASE without OTHER, one guard always true.
        return `(CASE ${this.bool(d - 1)} -> ${i()} [] TRUE -> ${i()})`;
      default:
        return this.int(0);
    }
  }

  set(d = this.depth): string {
    const r = this.r;
    if (d <= 0) return r.pick(['{}', '{1}', '0..2', '{N}', ...this.atoms.sets]);
    const s = (): string => this.set(d - 1);
    switch (r.below(15)) {
      case 0:
        return `(${s()} \\cup ${s()})`;
      case 1:
        return `(${s()} \\cap ${s()})`;
      case 2:
        return `(${s()} \\ ${s()})`;
      case 3: {
        const v = this.fresh();
        const range = s();
        return `{${v} \\in ${range} : ${this.scoped(v, () => this.bool(d - 1))}}`;
      }
      case 4: {
        const v = this.fresh();
        const range = s();
        return `{(${this.scoped(v, () => this.int(d - 1))}) % 4 : ${v} \\in ${range}}`;
      }
      case 5:
        return `{${this.int(d - 1)}, ${this.int(d - 1)}}`;
      case 6:
        return `(0..${this.int(d - 1)} \\cap 0..3)`;
      case 7:
        return `UNION {{${this.int(d - 1)}}, ${s()}}`;
      case 8: {
        const v = this.fresh();
        return `{Cardinality(${v}) : ${v} \\in SUBSET (${s()} \\cap 0..2)}`;
      }
      case 9: {
        // Two bound names in a map, one tuple bound in a filter.
        const [a, b] = [this.fresh(), this.fresh()];
        const [sa, sb] = [s(), s()];
        return r.chance(0.5)
          ? `{(${a} + ${b}) % 4 : ${a} \\in ${sa}, ${b} \\in ${sb}}`
          : `{${a}[1] : ${a} \\in {<<${a}x, ${b}>> \\in ${sa} \\X ${sb} : ${this.scoped(`${a}x`, () => this.scoped(b, () => this.bool(d - 1)))}}}`;
      }
      case 10: {
        const k = this.fresh();
        return `DOMAIN [${k} \\in ${s()} |-> ${this.scoped(k, () => this.bool(d - 1))}]`;
      }
      case 11: {
        const v = this.fresh();
        return `{${v}.a : ${v} \\in [a : ${s()}, b : {"a", Greeting}]}`;
      }
      case 12: {
        const v = this.fresh();
        const range = s();
        return `{${v} \\in ${range} : ${v} \\notin ${s()}}`;
      }
      case 13: {
        // The last elements of sequences built by Append, \o and SubSeq.
        const k = this.fresh();
        return `{${k}[Len(${k})] : ${k} \\in {Append(<<${this.int(d - 1)}>>, 0) \\o <<${this.int(d - 1)}>>, SubSeq(<<${this.int(d - 1)}, 1, 2>>, 1, 2)}}`;
      }
      default:
        return this.set(0);
    }
  }

  bool(d = this.depth): string {
    const r = this.r;
    if (d <= 0) return bracketed(r.pick(['TRUE', 'FALSE', ...this.atoms.bools]));
    const b = (): string => this.bool(d - 1);
    switch (r.below(19)) {
      case 0:
        return `(${this.int(d - 1)} < ${this.int(d - 1)})`;
      case 1:
        return `(${this.int(d - 1)} = ${this.int(d - 1)})`;
      case 2:
        return `(${this.int(d - 1)} \\in ${this.set(d - 1)})`;
      case 3:
        return `(${this.set(d - 1)} \\subseteq ${this.set(d - 1)})`;
      case 4:
      case 5: {
        // Nested quantifiers, each binding a fresh name.
        const v = this.fresh();
        const range = this.set(d - 1);
        const q = r.chance(0.5) ? '\\E' : '\\A';
        return `(${q} ${v} \\in ${range} : ${this.scoped(v, () => b())})`;
      }
      case 6:
        return `~${b()}`;
      case 7:
        return `(${b()} /\\ ${b()})`;
      case 8:
        return `(${b()} \\/ ${b()})`;
      case 9:
        return `(${b()} => ${b()})`;
      case 10:
        return `(${this.int(d - 1)} >= ${this.int(d - 1)})`;
      case 11:
        return `(${b()} <=> ${b()})`;
      case 12: {
        // Several bound names in one quantifier, TLC's order of enumeration (the first turning fastest).
        const [u, v] = [this.fresh(), this.fresh()];
        const [su, sv] = [this.set(d - 1), this.set(d - 1)];
        return `(${r.pick(['\\E', '\\A'])} ${u} \\in ${su}, ${v} \\in ${sv} : ${this.scoped(u, () => this.scoped(v, () => b()))})`;
      }
      case 13: {
        const [u, v] = [this.fresh(), this.fresh()];
        const range = this.set(d - 1);
        return `(${r.pick(['\\E', '\\A'])} <<${u}, ${v}>> \\in ${range} \\X {0, 1} : ${this.scoped(u, () => this.scoped(v, () => b()))})`;
      }
      case 14:
        return `(${this.set(d - 1)} \\in SUBSET ${this.set(d - 1)})`;
      case 15:
        return `(<<${this.int(d - 1)}, ${this.int(d - 1)}>> \\in Seq(${this.set(d - 1)}))`;
      case 16:
        return `(${this.int(d - 1)} ${r.pick(['#', '<=', '\\leq', '/='])} ${this.int(d - 1)})`;
      case 17:
        return `([a |-> ${this.int(d - 1)}, b |-> "a"] ${r.pick(['=', '#'])} [b |-> "a", a |-> ${this.int(d - 1)}])`;
      default:
        return this.bool(0);
    }
  }
}

/** The spec of `seed`. Equal seeds give equal files (the tests hold it). */
export function generateSpec(seed: number): GeneratedSpec {
  const r = new Random(seed);
  const name = `R${seed}`;
  const features: string[] = [];
  const feature = (f: string): void => void features.push(f);

  const kinds = r.subset(variableKinds, 0.38);
  while (kinds.length < 2) {
    const k = r.pick(variableKinds);
    if (!kinds.includes(k)) kinds.push(k);
  }
  kinds.sort((a, b) => variableKinds.indexOf(a) - variableKinds.indexOf(b));
  const useInstance = r.chance(0.3);
  const pluscal = r.chance(0.25);
  const vars = kinds.map((k) => k.name);
  if (useInstance) {
    vars.push('y');
    feature('instance');
  }
  if (pluscal) {
    vars.push('pc');
    feature('pluscal');
  }
  // Now and then an expression TLC stops on (CHOOSE with no value, a function outside its domain, \div by 0, Tail of <<>>).
  const errors = r.chance(0.1) ? ['(CHOOSE el \\in 0..2 : el > N)', 'fact[N + 1]', '(N \\div (N - N))', 'Len(Tail(SubSeq(<<N>>, 2, 1)))'] : [];
  if (errors.length) feature('evaluation-error');
  const atoms = {
    ints: [...kinds.flatMap((k) => k.ints), ...(useInstance ? ['y', 'C!Double'] : []), ...errors],
    sets: kinds.flatMap((k) => k.sets),
    bools: [...kinds.flatMap((k) => k.bools), ...(useInstance ? ['C!Pos'] : []), ...(pluscal ? ['pc[CHOOSE k \\in Procs : TRUE] = "Done"'] : [])],
  };
  const g = new Expressions(r, atoms, 1 + r.below(2));
  const subModule = `${name}Sub`;

  // Updates of one action: a guard, some variables changed, the rest UNCHANGED.
  const updatable = [...kinds.map((k) => k.name), ...(useInstance ? ['y'] : [])];
  const actionBody = (self: string | undefined, extraUnchanged: string[]): string[] => {
    const changed = r.subset(updatable, 0.35);
    if (changed.length === 0) changed.push(r.pick(updatable));
    const parts: string[] = [];
    if (r.chance(0.6)) parts.push(g.bool());
    for (const v of changed) {
      if (v === 'y') parts.push(r.pick(['C!Inc', 'C!Reset', `C!Set(${g.int()})`]));
      else parts.push(r.pick(kinds.find((k) => k.name === v)!.updates)(g, self));
    }
    const same = [...updatable.filter((v) => !changed.includes(v)), ...extraUnchanged];
    if (same.length) parts.push(`UNCHANGED <<${same.join(', ')}>>`);
    return parts;
  };
  const conj = (parts: string[], indent = '  '): string => parts.map((p) => `\n${indent}/\\ ${p}`).join('');

  const definitions: string[] = [];
  const actionNames: string[] = [];
  let next: string;
  let fairness: string[];
  if (pluscal) {
    const labels = Array.from({ length: 2 + r.below(2) }, (_, i) => `L${i}`);
    labels.forEach((label, i) => {
      const to = i + 1 < labels.length ? labels[i + 1]! : r.chance(0.5) ? 'Done' : labels[0]!;
      definitions.push(`${label}(self) ==${conj([`pc[self] = "${label}"`, ...actionBody('self', []), `pc' = [pc EXCEPT ![self] = "${to}"]`])}`);
    });
    definitions.push(`proc(self) == ${labels.map((l) => `${l}(self)`).join(' \\/ ')}`);
    definitions.push(`Terminating ==${conj(['\\A self \\in Procs : pc[self] = "Done"', 'UNCHANGED vars'])}`);
    next = `(\\E self \\in Procs : proc(self)) \\/ Terminating`;
    fairness = r.chance(0.5) ? [`\\A self \\in Procs : ${r.pick(['WF', 'SF'])}_vars(proc(self))`] : [];
    actionNames.push('proc');
  } else {
    const n = 2 + r.below(3);
    for (let i = 0; i < n; i++) {
      const action = `A${i}`;
      if (r.chance(0.3)) {
        const v = g.fresh();
        definitions.push(`${action} == \\E ${v} \\in 0..1 :${conj(actionBody(undefined, []).map((p) => p.replace(/\(x\)/g, `(x + ${v})`)), '    ')}`);
      } else definitions.push(`${action} ==${conj(actionBody(undefined, []))}`);
      actionNames.push(action);
    }
    next = actionNames.join(' \\/ ');
    fairness = r.subset(actionNames, 0.5).map((a) => `${r.pick(['WF', 'SF'])}_${r.chance(0.8) ? 'vars' : `<<${vars[0]}>>`}(${a})`);
    if (r.chance(0.15)) fairness.push(r.chance(0.5) ? `WF_vars(Next)` : `SF_vars(${actionNames[0]} \\/ ${actionNames[1]})`);
  }

  const live = r.chance(0.35);
  const symmetry = !live && r.chance(0.3);
  const constraint = r.chance(0.2);
  const actionConstraint = r.chance(0.15);
  const deadlockOff = r.chance(0.5);
  const constantInvariant = r.chance(0.1);
  const inv = r.chance(0.5) ? g.bool() : 'TRUE';
  const propertyChoices = [
    `[]<>(${g.bool(1)})`,
    `(${g.bool(1)}) ~> (${g.bool(1)})`,
    `<>[](${g.bool(1)})`,
    `[](${g.bool(1)} => <>(${g.bool(1)}))`,
    ...(kinds.some((k) => k.name === 'x') ? ['\\A v \\in 0..1 : (x = v) ~> (x # v)'] : []),
    ...(pluscal ? ['<>(\\A self \\in Procs : pc[self] = "Done")', '\\A self \\in Procs : []<>(pc[self] = "L0")'] : []),
    ...(useInstance ? ['[]<>C!Pos'] : []),
    `[](${g.bool(1)})`,
    `[][${vars[0]}' # ${vars[0]} => ${g.bool(1)}]_vars`,
    `[]<>(ENABLED ${pluscal ? 'proc(CHOOSE k \\in Procs : TRUE)' : actionNames[0]})`,
    `[]<><<${pluscal ? '\\E self \\in Procs : proc(self)' : actionNames[0]}>>_vars`,
    // A disjunction of two temporal forms: TLC's normal form, searched through its tableau (check/normal-form.ts).
    `(<>[](${g.bool(1)})) \\/ ([]<>(${g.bool(1)}))`,
    `<>(${g.bool(1)}) /\\ [](${g.bool(1)} => [](${g.bool(1)}))`,
  ];
  const property = live ? r.pick(propertyChoices) : '';

  const init = [...kinds.map((k) => k.init), ...(useInstance ? ['C!Init'] : []), ...(pluscal ? ['pc = [self \\in Procs |-> "L0"]'] : [])];
  const typeOK = [...kinds.map((k) => k.type), ...(useInstance ? ['y \\in 0..Lim - 1'] : []), ...(pluscal ? ['pc \\in [Procs -> {"L0", "L1", "L2", "Done"}]'] : [])];
  const procCount = 2 + r.below(2);
  const lim = 2 + r.below(2);

  const root = `---- MODULE ${name} ----
EXTENDS Integers, Sequences, FiniteSets, TLC
CONSTANTS Procs, N, Greeting, Nil${useInstance ? ', Lim' : ''}
VARIABLES ${vars.join(', ')}
vars == <<${vars.join(', ')}>>
${r.chance(0.5) ? 'ASSUME N \\in Nat /\\ Greeting \\in STRING\n' : ''}Names == {"zed", "a", "mid", Greeting}
Max2(a, b) == IF a > b THEN a ELSE b
Twice(Op(_), a) == Op(Op(a))
RECURSIVE SumSet(_)
SumSet(S) == IF S = {} THEN 0 ELSE LET e == CHOOSE el \\in S : TRUE IN e + SumSet(S \\ {e})
fact[n \\in 0..3] == IF n = 0 THEN 1 ELSE n * fact[n - 1]
${useInstance ? `C == INSTANCE ${subModule} WITH c <- y\n` : ''}Init ==${conj(init)}
${definitions.join('\n')}
Next == ${next}
Spec == Init /\\ [][Next]_vars${fairness.map((f) => ` /\\ ${f}`).join('')}
TypeOK ==${conj(typeOK)}
Inv == ${inv}
${constantInvariant ? 'ConstInv == N > 1\n' : ''}${live ? `Prop == ${property}\n` : ''}${symmetry ? 'Sym == Permutations(Procs)\n' : ''}${constraint ? `Bound == ${r.pick(kinds.map((k) => k.type))}${kinds.some((k) => k.name === 'x') ? ' /\\ x < 4' : ''}\n` : ''}${actionConstraint ? `Step == ${r.pick(['vars # vars\'', `${vars[0]}' = ${vars[0]} \\/ ${g.bool(1)}`])}\n` : ''}====
`;
  const sub = `---- MODULE ${subModule} ----
EXTENDS Naturals
CONSTANT Lim
VARIABLE c
Init == c = 0
Inc == c' = (c + 1) % Lim
Reset == c > 0 /\\ c' = 0
Set(v) == c' = v % Lim
Pos == c > 0
Double == 2 * c
====
`;
  const procs = ['p1', 'p2', 'p3'].slice(0, procCount);
  const cfgLines = [`CONSTANTS\n  Procs = {${procs.join(', ')}}\n  N = ${1 + r.below(3)}\n  Greeting = "hello"\n  Nil = Nil${useInstance ? `\n  Lim = ${lim}` : ''}`];
  if (live || r.chance(0.3)) cfgLines.push('SPECIFICATION Spec');
  else cfgLines.push('INIT Init', 'NEXT Next');
  cfgLines.push('INVARIANT TypeOK', 'INVARIANT Inv');
  if (constantInvariant) {
    cfgLines.push('INVARIANT ConstInv');
    feature('constant-invariant');
  }
  if (live) {
    cfgLines.push('PROPERTY Prop');
    feature('liveness');
  }
  if (symmetry) {
    cfgLines.push('SYMMETRY Sym');
    feature('symmetry');
  }
  if (constraint) {
    cfgLines.push('CONSTRAINT Bound');
    feature('constraint');
  }
  if (actionConstraint) {
    cfgLines.push('ACTION_CONSTRAINT Step');
    feature('action-constraint');
  }
  if (deadlockOff) cfgLines.push('CHECK_DEADLOCK FALSE');
  const modules = [{ file: `${name}.tla`, text: root }];
  if (useInstance) modules.push({ file: `${subModule}.tla`, text: sub });
  return { seed, name, modules, cfg: cfgLines.join('\n') + '\n', features };
}
