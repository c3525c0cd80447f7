// Compiles the Motoko test canisters in replica/testdata/canisters with the
// motoko compiler from the lock file, writing <name>.wasm beside each
// <name>.mo. The wasm files are committed as test data; run this after
// changing a source:  node deploy/interop/build-canisters.mjs [name.mo ...]
//
// Each canister is compiled in a fresh process: the compiler keeps state
// from one file to the next, so compiling several in one process would
// make a canister's bytes depend on which others were built before it.
import { createRequire } from 'node:module';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(import.meta.url);
const dir = join(dirname(here), '..', '..', 'replica', 'testdata', 'canisters');
const files = process.argv.slice(2);

if (files.length === 1) {
  const require = createRequire(import.meta.url);
  const mo = require('motoko');
  mo.loadPackage(require('motoko/packages/latest/core.json'));
  mo.compiler.gcFlags('classicOP'); // plain wasm32 (without it the output uses memory64)
  const file = files[0];
  mo.write(file, readFileSync(join(dir, file), 'utf8'));
  const out = mo.wasm(file, 'ic');
  if (!out.wasm) {
    console.error(`${file}:`, JSON.stringify(out.diagnostics ?? out, null, 1));
    process.exit(1);
  }
  writeFileSync(join(dir, file.replace(/\.mo$/, '.wasm')), out.wasm);
  // The certified page canister is also the demo that `threshold up`
  // installs; the binary embeds it from replica/localnet.
  if (file === 'certified_http.mo') {
    writeFileSync(join(dirname(here), '..', '..', 'replica', 'localnet', 'hello.wasm'), out.wasm);
  }
  console.log(`${file}: ${out.wasm.length} bytes`);
} else {
  const all = files.length ? files : readdirSync(dir).filter((f) => f.endsWith('.mo')).sort();
  for (const file of all) {
    execFileSync(process.execPath, [here, file], { stdio: 'inherit' });
  }
}
