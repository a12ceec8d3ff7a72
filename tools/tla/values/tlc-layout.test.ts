// tlcLayout against TLC's own layout: each expected text is what TLC printed, with PrintT at the width
// of 20 columns TLC takes from -Dtlc2.value.Values.width=20 (short values exercise every rule), and
// at its default 80 for the random spec that found the difference (differential seed 803). The
// whole reports are compared in tools/tla/differential/testdata/{Layout,Prints}.
import t from 'tap';
import { tlcLayout } from './tlc-layout.js';

/** [TLC's one-line text, TLC's layout of it in 20 columns] (PrintT of each, TLC run with -Dtlc2.value.Values.width=20). */
const atWidth20: [string, string][] = [
  // 19, 20 and 21 characters: 20 fits.
  ['<<"aaaaa", "bbbb">>', '<<"aaaaa", "bbbb">>'],
  ['<<"aaaaaa", "bbbb">>', '<<"aaaaaa", "bbbb">>'],
  ['<<"aaaaaa", "bbbbb">>', '<< "aaaaaa",\n   "bbbbb" >>'],
  // Inside a set, 18 columns, less the "," after an element or the " }" after the last one.
  ['{<<"aaaaa", "bbb">>, <<"ccccc", "ddd">>}', '{ << "aaaaa",\n     "bbb" >>,\n  << "ccccc",\n     "ddd" >> }'],
  ['{<<"aaaaa", "bbbb">>, <<"ccccc", "dd">>}', '{ << "aaaaa",\n     "bbbb" >>,\n  << "ccccc",\n     "dd" >> }'],
  ['[a |-> "bbbbbbb", c |-> "ddddddd"]', '[ a |-> "bbbbbbb",\n  c |-> "ddddddd" ]'],
  ['[a |-> "bbbbbbbbb", c |-> "dddddd"]', '[ a |-> "bbbbbbbbb",\n  c |-> "dddddd" ]'],
  ['(<<p1, 0>> :> 0 @@ <<p1, 1>> :> 1 @@ <<p2, 0>> :> 0 @@ <<p2, 1>> :> 1)', '( <<p1, 0>> :> 0 @@\n  <<p1, 1>> :> 1 @@\n  <<p2, 0>> :> 0 @@\n  <<p2, 1>> :> 1 )'],
  // A field whose value does not fit beside it goes to the next line, four further in.
  ['[state |-> "idle", votes |-> {1, 2, 3, 4, 5, 6}, ok |-> TRUE]', '[ state |-> "idle",\n  votes |->\n      { 1,\n        2,\n        3,\n        4,\n        5,\n        6 },\n  ok |-> TRUE ]'],
  // A key that does not fit on a line is broken too.
  [
    '(<<"m", "n">> :> {"oooooooooo", "pppppppppp"} @@ <<"kkkkkkkkkkk", "lllllllll">> :> 1)',
    '( <<"m", "n">> :>\n      { "oooooooooo",\n        "pppppppppp" } @@\n  << "kkkkkkkkkkk",\n     "lllllllll" >> :>\n      1 )',
  ],
  ['{<<1, 2>>, <<3, 4>>, <<5, 6>>, <<7, 8>>}', '{ <<1, 2>>,\n  <<3, 4>>,\n  <<5, 6>>,\n  <<7, 8>> }'],
  // Delimiters inside strings are the strings'.
  ['{"a, b", "c >> d", "e } f", "g |-> h"}', '{ "a, b",\n  "c >> d",\n  "e } f",\n  "g |-> h" }'],
  ['<<[a |-> <<{1, 2}, {3, 4}>>], {}, <<>>, -5>>', '<< [ a |->\n         << {1, 2},\n            { 3,\n              4 } >> ],\n   {},\n   <<>>,\n   -5 >>'],
  ['{0..1, 2..3, 4..5, 6..7}', '{ 0..1,\n  2..3,\n  4..5,\n  6..7 }'],
  // SUBSET keeps a space after its set.
  ['SUBSET {1, 2, 3, 4, 5, 6, 7}', 'SUBSET { 1,\n   2,\n   3,\n   4,\n   5,\n   6,\n   7 } '],
  ['(p1 :> [a |-> 1, b |-> 2] @@ p2 :> [a |-> 3, b |-> 4])', '( p1 :>\n      [ a |-> 1,\n        b |-> 2 ] @@\n  p2 :>\n      [ a |-> 3,\n        b |-> 4 ] )'],
  // What TLC cannot read back stays on one line: a name with _, a string holding a quote, an
  // interval of negative numbers, Seq(S); a string is never broken.
  ['[my_field |-> "rrrrrrrrrr", other |-> 1]', '[my_field |-> "rrrrrrrrrr", other |-> 1]'],
  ['<<"say \\"hi\\"", "qqqqqqqqqqqqqq">>', '<<"say \\"hi\\"", "qqqqqqqqqqqqqq">>'],
  ['{0..1, 2..3, -3..-1}', '{0..1, 2..3, -3..-1}'],
  ['Seq({"bbbbbbbbbb", "aaaaaaaaaa"})', 'Seq({"bbbbbbbbbb", "aaaaaaaaaa"})'],
  ['"a long string, with commas"', '"a long string, with commas"'],
];

t.test("values laid out in 20 columns as TLC lays them out", async (t) => {
  for (const [line, tlc] of atWidth20) t.equal(tlcLayout(line, 20), tlc, line);
});

t.test('TLC breaks a value in 80 columns by default (differential seed 803, TLC\'s state)', async (t) => {
  const d = '(<<p1, 0>> :> 0 @@ <<p1, 1>> :> 0 @@ <<p2, 0>> :> 0 @@ <<p2, 1>> :> 0 @@ <<p3, 0>> :> 0 @@ <<p3, 1>> :> 0)';
  t.equal(tlcLayout(d), '( <<p1, 0>> :> 0 @@\n  <<p1, 1>> :> 0 @@\n  <<p2, 0>> :> 0 @@\n  <<p2, 1>> :> 0 @@\n  <<p3, 0>> :> 0 @@\n  <<p3, 1>> :> 0 )');
  t.equal(tlcLayout('(p1 :> 0 @@ p2 :> 0 @@ p3 :> 0)'), '(p1 :> 0 @@ p2 :> 0 @@ p3 :> 0)', 'a short value as it is');
});
