// Candid interop cases, encoded and decoded by the real JS library.
//
//   node candid.mjs encode         -> {"cases": [{"name", "defs", "type", "value_text", "hex"}]}
//   node candid.mjs decode < in    in: {"cases": [{"name", "hex"}]} (bytes made by Threshold)
//                                  -> {"results": [{"name", "ok", "error"}]}
// "type" is the argument tuple in Candid type syntax, with "defs" holding any
// named definitions it refers to; "value_text" is the same value in Candid
// text syntax. decode checks that the JS library reads Threshold's bytes back
// as exactly the value it encoded.
import { IDL } from '@icp-sdk/core/candid';
import { Principal } from '@icp-sdk/core/principal';
import { isDeepStrictEqual } from 'node:util';
import { readStdin, fromHex, toHex, describe, print } from './lib.mjs';

const List = IDL.Rec();
List.fill(IDL.Opt(IDL.Record({ head: IDL.Int, tail: List })));
const Header = IDL.Tuple(IDL.Text, IDL.Text);
const HttpRequest = IDL.Record({
  url: IDL.Text, method: IDL.Text, body: IDL.Vec(IDL.Nat8), headers: IDL.Vec(Header),
  certificate_version: IDL.Opt(IDL.Nat16),
});

const cases = [
  ['text', [IDL.Text], ['hello, 世界 💩'], '', '(text)', '("hello, 世界 💩")'],
  ['nat_big', [IDL.Nat], [340282366920938463463374607431768211455n], '', '(nat)', '(340282366920938463463374607431768211455 : nat)'],
  ['int_negative', [IDL.Int], [-123456789012345678901234567890n], '', '(int)', '(-123456789012345678901234567890 : int)'],
  ['fixed_width', [IDL.Nat8, IDL.Nat16, IDL.Nat32, IDL.Nat64, IDL.Int8, IDL.Int16, IDL.Int32, IDL.Int64],
    [255, 65535, 4294967295, 18446744073709551615n, -128, -32768, -2147483648, -9223372036854775808n], '',
    '(nat8, nat16, nat32, nat64, int8, int16, int32, int64)',
    '(255 : nat8, 65535 : nat16, 4294967295 : nat32, 18446744073709551615 : nat64, -128 : int8, -32768 : int16, -2147483648 : int32, -9223372036854775808 : int64)'],
  ['floats', [IDL.Float64, IDL.Float32], [1.5, -0.25], '', '(float64, float32)', '(1.5 : float64, -0.25 : float32)'],
  ['bool_null', [IDL.Bool, IDL.Null, IDL.Bool], [true, null, false], '', '(bool, null, bool)', '(true, null, false)'],
  ['record', [IDL.Record({ name: IDL.Text, n: IDL.Nat })], [{ name: 'x', n: 5n }], '',
    '(record { name : text; n : nat })', '(record { name = "x"; n = 5 : nat })'],
  ['variant', [IDL.Variant({ ok: IDL.Nat32, err: IDL.Text })], [{ err: 'boom' }], '',
    '(variant { ok : nat32; err : text })', '(variant { err = "boom" })'],
  ['opt_vec', [IDL.Opt(IDL.Vec(IDL.Nat16)), IDL.Opt(IDL.Text)], [[[1, 2, 3]], []], '',
    '(opt vec nat16, opt text)', '(opt vec { 1 : nat16; 2 : nat16; 3 : nat16 }, null)'],
  ['blob', [IDL.Vec(IDL.Nat8)], [new Uint8Array([0xde, 0xad, 0xbe, 0xef])], '', '(blob)', '(blob "\\de\\ad\\be\\ef")'],
  ['principal', [IDL.Principal], [Principal.fromText('rrkah-fqaaa-aaaaa-aaaaq-cai')], '', '(principal)',
    '(principal "rrkah-fqaaa-aaaaa-aaaaq-cai")'],
  ['tuple', [IDL.Tuple(IDL.Text, IDL.Nat8)], [['a', 1]], '', '(record { text; nat8 })', '(record { "a"; 1 : nat8 })'],
  ['recursive_list', [List], [[{ head: 1n, tail: [{ head: -2n, tail: [] }] }]],
    'type List = opt record { head : int; tail : List };', '(List)',
    '(opt record { head = 1 : int; tail = opt record { head = -2 : int; tail = null } })'],
  ['http_request', [HttpRequest],
    [{ url: '/index.html', method: 'GET', body: new Uint8Array(), headers: [['accept', '*/*']], certificate_version: [2] }], '',
    '(record { url : text; method : text; body : blob; headers : vec record { text; text }; certificate_version : opt nat16 })',
    '(record { url = "/index.html"; method = "GET"; body = blob ""; headers = vec { record { "accept"; "*/*" } }; certificate_version = opt (2 : nat16) })'],
  ['func_service_refs', [IDL.Func([IDL.Text], [IDL.Nat], ['query']), IDL.Service({ greet: IDL.Func([IDL.Text], [IDL.Text], []) })],
    [[Principal.fromText('aaaaa-aa'), 'm'], Principal.fromText('ryjl3-tyaaa-aaaaa-aaaba-cai')], '',
    '(func (text) -> (nat) query, service { greet : (text) -> (text) })',
    '(func "aaaaa-aa".m, service "ryjl3-tyaaa-aaaaa-aaaba-cai")'],
  ['empty_args', [], [], '', '()', '()'],
];

const byName = new Map(cases.map((c) => [c[0], c]));
const mode = process.argv[2];
if (mode === 'encode') {
  print({
    cases: cases.map(([name, types, values, defs, type, valueText]) => ({
      name, defs, type, value_text: valueText, hex: toHex(IDL.encode(types, values)),
    })),
  });
} else if (mode === 'decode') {
  const input = await readStdin();
  const results = [];
  for (const c of input.cases) {
    const r = { name: c.name };
    try {
      const [, types, values] = byName.get(c.name);
      const got = IDL.decode(types, fromHex(c.hex));
      const norm = (v) => JSON.parse(JSON.stringify(v, (_, x) =>
        typeof x === 'bigint' ? `${x}n` : ArrayBuffer.isView(x) ? Array.from(x) :
          x && x._isPrincipal ? x.toText() : x));
      r.ok = isDeepStrictEqual(norm(got), norm(values));
      if (!r.ok) r.error = `decoded ${JSON.stringify(norm(got))}, want ${JSON.stringify(norm(values))}`;
    } catch (e) { r.ok = false; r.error = describe(e); }
    results.push(r);
  }
  print({ results });
} else {
  console.error('usage: node candid.mjs encode|decode');
  process.exit(2);
}
