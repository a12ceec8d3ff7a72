// Operators whose precedence ranges overlap, written without parentheses, are refused as SANY
// refuses them (E1005, precedence.ts). Every verdict below is SANY's: each expression was the body
// of `E == ...` in a module checked with `java -cp tla2tools.jar tla2sany.SANY` (TLA+ tools built
// from source, 6 Dec 2026); "refused" means SANY stopped at parsing with "Precedence conflict".
import t from 'tap';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../../../conventions/index.js';
import { DiagnosticError, type Diagnostic } from '../diagnostics.js';
import { parseExpression, parseModule } from './parse.js';
import { printExpr } from './print.js';

/** The first diagnostic of parsing `text`, or undefined if it parses. */
async function diagnosticOf(parse: Promise<unknown>): Promise<Diagnostic | undefined> {
  try {
    await parse;
    return undefined;
  } catch (error) {
    if (!(error instanceof DiagnosticError)) throw error;
    return error.diagnostics[0];
  }
}

const lines = (text: string): string[] => text.split('\n').map((l) => l.trim()).filter((l) => l !== '');

// SANY refuses: overlapping ranges, or one non-associative operator twice.
const refusedBySany = lines(String.raw`
  (n - 1) % 3 + 1
  a % b + c
  a + b % c
  a = b = c
  a < b < c
  a # b = c
  a \cup b \cap c
  S \cap T \ S
  S \ T \ S
  a .. b .. c
  a => b => c
  a <=> b <=> c
  a ~> b ~> c
  a /\ b \/ c
  a \/ b /\ c
  a * b / c
  a \div b * c
  a / b / c
  a^b^c
  S \X T + a
  a * -b
  a ^ -b
  2^-1
  []a = b
  <>a = b
  []v'
  []v' = v
  ENABLED v' = 1
  ENABLED v' /\ a
  UNCHANGED v = a
  DOMAIN f + 1
  SUBSET S \X T
  DOMAIN(f) + 1
  [](a) = b
`);

// SANY accepts.
const acceptedBySany = lines(String.raw`
  ((n - 1) % 3) + 1
  (n - 1) % 3
  a + b + c
  a - b + c
  a + b - c
  a - b - c
  a * b + c
  a * b * c
  a + b * c ^ n
  a % b * c
  a .. b + c
  1..n-1
  a \in S \cup T
  S \cup T \cup S
  S \X T \X S
  S \X T \cup S
  a \o b \o c
  a :> b @@ c :> n
  a \cdot b \cdot c
  a \equiv b => c
  a => b <=> c
  \A y \in S : y => a
  a + -b
  a - -b
  a = -b
  -a - b
  -a * b
  -a + b
  -a^2
  -a ^ b
  -f[a]
  ~a = b
  ~a /\ b
  ~a \/ b
  a = ~b
  a = ~b = c
  ~~a
  v'' = a
  <>[]a
  []a => <>b
  [](a = b)
  SUBSET S \cup T
  DOMAIN f \cup DOMAIN f
  DOMAIN f = S
`);

t.test('hand-picked chains: refused exactly where SANY refuses them', async (t) => {
  for (const text of refusedBySany) t.equal((await diagnosticOf(parseExpression(text)))?.code, 'E1005', `refused: ${text}`);
  for (const text of acceptedBySany) t.equal(await diagnosticOf(parseExpression(text)), undefined, `accepted: ${text}`);
});

// A prefix operator before a parenthesized operand, which tree-sitter reads as the operator applied
// in prefix form (`~(b)` as one term): SANY reads the operator, whose operand is `(b)` and what
// follows as far as precedence lets it. Verdicts SANY's; the groupings are SANY's reading (its
// operator stack), which TLC's values confirm (../eval/fixtures/prefix-chains-tlc.txt).
const prefixCalls: [string, string][] = [
  ['a + ~(b) % c', 'a + (~(b % c))'],
  ['~(b) % c', '~(b % c)'],
  ['~(a) = b', '~(a = b)'],
  ['a * ~(b) + c', 'a * (~(b + c))'],
  ["~(ENABLED a)'", "~((ENABLED a)')"],
  ['~(a)[1] = b', '~(a[1] = b)'],
  ["~(a)'[1]", "~(a'[1])"],
  ['~(a).x.y = 2', '~(a.x.y = 2)'],
  ['DOMAIN (f)[1]', 'DOMAIN (f[1])'],
  ['SUBSET (S)^+', 'SUBSET (S^+)'],
  ['UNION(a).b', 'UNION (a.b)'],
  ['-(b) + c', '(-b) + c'],
  ['-(a)^2', '-(a ^ 2)'],
  ['~(a) /\\ ~(b)', '(~a) /\\ (~b)'],
];

t.test('a prefix operator before a parenthesized operand: accepted and grouped as SANY reads it', async (t) => {
  for (const [text, grouped] of prefixCalls) t.equal(printExpr(await parseExpression(text)), grouped, text);
  for (const text of ["[](a)'[1]", '[](a) = b', 'DOMAIN(f) \\X S', 'ENABLED (a)[1] = b', 'SUBSET (a) + 1']) {
    t.equal((await diagnosticOf(parseExpression(text)))?.code, 'E1005', `refused: ${text}`);
  }
  t.match(await parseExpression('+(a, b)'), { kind: 'apply', fixity: 'call', ref: { name: '+' } }, 'an infix operator in prefix form is a call of it, as SANY reads it');
});

t.test("random chains of prefix operators before parenthesized operands: SANY's verdicts (testdata/prefix-chains-sany.txt)", async (t) => {
  const rows = readFileSync(join(repoRoot, 'tools/tla/syntax/testdata/prefix-chains-sany.txt'), 'utf8')
    .split('\n').filter((l) => l !== '' && !l.startsWith('#')).map((l) => l.split('\t') as [string, string]);
  t.equal(rows.length, 841);
  const disagreements: string[] = [];
  for (const [verdict, text] of rows) {
    const d = await diagnosticOf(parseExpression(text));
    if ((verdict === 'refused') !== (d !== undefined)) disagreements.push(`SANY ${verdict}, we ${d ? `refuse (${d.code} ${d.message})` : 'accept'}: ${text}`);
  }
  t.same(disagreements, [], 'every verdict as SANY');
});

// Random unparenthesized chains over every operator symbol (prefix and postfix ones included),
// with SANY's verdicts; of 2,400 such chains, all verdicts agreed.
const randomAcceptedBySany = lines(String.raw`
f[a] \times a
(a + b) \in {a}^# ** 1 | a
c $ []r.x
1 ## 1 \subseteq {a}^+ \bigcirc f[a]
r.x => {a}
{a} @@ 1 \ r.x \equiv a
(a + b) \prec c
1 ~> b \sim f[a] / c
1 <= a
{a} < []f[a] /\ 1 <=> b
f[a] \intersect \neg c
(a + b) - c \prec <>f[a]
c \div r.x
{a} \circ f[a] \cup c
- c ** b
c !! UNION UNCHANGED c
f[a] ++ 1
f[a] ** f[a]
\lnot - (a + b) \union {a} \circ (a + b) \union b
a \ a
(a + b) :> f[a]
1 @@ 1^* ** \neg b
1 (-) c
b ^^ {a}
b ** b^+ \/ r.x
b \div SUBSET c
a $$ {a}
{a} /= f[a]
(a + b) @@ f[a] \sqcup a # r.x
\neg SUBSET {a} => \lnot r.x (-) 1
1' \star c
b (-) SUBSET a
1 (.) f[a]
c =< - r.x
(a + b) \union a * (a + b) \/ r.x
(a + b) > {a} (/) (a + b)^+
b^* \wr c > a
\lnot {a} \union 1 \subseteq c (/) SUBSET (a + b)
a \cup c
c \wr 1
`);
const randomRefusedBySany = lines(String.raw`
[][](a + b) /= (a + b) \prec c \oplus r.x
UNION a \leq UNION (a + b) !! r.x ?? r.x
r.x $ <>(a + b) \X {a}^*^*
1^# =< SUBSET 1 ^^ r.x - UNCHANGED f[a]
1 || SUBSET - 1^* + {a} @@ f[a]
UNION (a + b) (-) c \oplus f[a]
- c' ## (a + b) ++ SUBSET UNION 1
f[a] |- f[a] <= f[a] > 1
a \o <>c @@ f[a]
a \uplus \lnot []f[a] .. (a + b)
c \intersect UNION []c^# ~> c^* * UNCHANGED c
DOMAIN (a + b) & r.x
{a} \leq {a}' \leq c \sqcup \lnot 1^+
c \subseteq <>b \times a
f[a] /= b || []1 \bullet (a + b)
{a} \leq a \o b \div ~{a}
f[a] = - <>c %% a
- 1 || b -+-> <>UNCHANGED c^#
UNCHANGED UNION f[a]^+ ^ b^# (/) {a}
UNCHANGED UNION a \notin SUBSET ~c
[]{a} :> {a}
DOMAIN ENABLED (a + b)^+ \ <>a \notin (a + b) + b
r.x ## ENABLED b (+) b & {a}
r.x' %% (a + b) \uplus r.x^+ \union b
a % b \oplus a
r.x^+ (-) \lnot SUBSET UNCHANGED - a \star b := a
b \cdot UNCHANGED r.x := a \X DOMAIN r.x
UNION DOMAIN UNION b // c $$ a
a || (a + b) (+) r.x || f[a]
DOMAIN ~a \star a \cdot {a}
- {a} | \lnot a \o r.x \cdot 1
a := 1 =< b
[]r.x (-) {a}
[]r.x \X c \X c^*
- b^# >= b \o ENABLED 1 \union SUBSET r.x'^#
r.x * []{a}^+
<>1 \notin (a + b)^+ ^^ a / b
1 .. \neg a \prec a <= a
\neg b ++ c^# \times DOMAIN - UNION (a + b) ?? b
1 \subseteq UNCHANGED UNION r.x && c^+
`);

t.test('random chains: the same verdicts as SANY', async (t) => {
  for (const text of randomRefusedBySany) t.equal((await diagnosticOf(parseExpression(text)))?.code, 'E1005', `refused: ${text}`);
  for (const text of randomAcceptedBySany) t.equal(await diagnosticOf(parseExpression(text)), undefined, `accepted: ${text}`);
});

t.test('bulleted /\ and \/ lists delimit chains; a conflict inside an item is still one', async (t) => {
  const body = (lines: string[]) => `---- MODULE M ----\n${lines.join('\n')}\n====\n`;
  const accepted = [ // SANY accepts each
    ['E == /\\ a = b', '     /\\ \\/ c', '        \\/ d /\\ a'],
    ['E == a /\\ \\/ b', '          \\/ c'],
    ['E == /\\ a \\/ b', '     /\\ c'],
    ['E == \\/ a /\\ b', '     \\/ c => d'],
    ['E == (/\\ a', '      /\\ b) \\/ c'],
  ];
  for (const text of accepted) t.equal(await diagnosticOf(parseModule(body(text), 'M.tla')), undefined, text.join(' | '));
  const refused: [string[], number, number][] = [ // SANY refuses each
    [['E == /\\ a', '     /\\ b = c = d'], 3, 15],
    [['E == \\/ /\\ a', '        /\\ b', '     \\/ c /\\ d \\/ a'], 4, 16],
    [['E == a = b /\\', '     c = d \\/', '     a'], 3, 12],
  ];
  for (const [text, line, col] of refused) {
    t.match(await diagnosticOf(parseModule(body(text), 'M.tla')), { code: 'E1005', span: { line, col } }, text.join(' | '));
  }
});

t.test('the diagnostic names both operators, their ranges and the parentheses that fix it', async (t) => {
  const d = await diagnosticOf(parseModule('---- MODULE M ----\nEXTENDS Integers\nWrap(n) == (n - 1) % 3 + 1\n====\n', 'M.tla'));
  t.match(d, { code: 'E1005', span: { file: 'M.tla', line: 3, col: 24 } }, 'at the second operator');
  t.match(d?.message, /`%` \(precedence 10-11\) and `\+` \(10-10\)/);
  t.equal(d?.hint, 'add parentheses: ((n - 1) % 3) + 1 or (n - 1) % (3 + 1)');
  const same = await diagnosticOf(parseExpression('x = y = z'));
  t.match(same?.message, /`=` \(precedence 5-5\) is not associative/);
  t.equal(same?.hint, 'add parentheses: (x = y) = z or x = (y = z)');
  t.equal((await diagnosticOf(parseExpression('a * -b')))?.hint, 'add parentheses: a * (-b)', 'prefix minus after *');
  t.equal((await diagnosticOf(parseExpression("[]v'")))?.hint, "add parentheses: ([]v)' or [](v')");
  t.equal((await diagnosticOf(parseExpression('UNCHANGED v = a')))?.hint, 'add parentheses: (UNCHANGED v) = a or UNCHANGED (v = a)');
});

t.test('every chain of a module is checked, in nested modules and LET too; the first conflict of each is reported', async (t) => {
  const text = [
    '---- MODULE Outer ----',
    '---- MODULE Inner ----',
    'EXTENDS Naturals',
    'CONSTANT n',
    'Op(x) == LET y == x + 1',
    '         IN  {y * 2 : z \\in 1..n} \\cup {x = y = n}', // SANY: Precedence conflict between ops = and =
    '====',
    'E == 1 + 2 % 3 = 4 = 5',
    '====',
  ].join('\n');
  const error = await parseModule(text, 'Outer.tla').catch((e: unknown) => e);
  t.ok(error instanceof DiagnosticError);
  t.match((error as DiagnosticError).diagnostics, [
    { code: 'E1005', span: { line: 6, col: 47 } },
    { code: 'E1005', span: { line: 8, col: 12 } },
  ]);
});
