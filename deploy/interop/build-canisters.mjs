// Compiles the Motoko test canisters in replica/testdata/canisters with the
// motoko compiler from the lock file, writing <name>.wasm beside each
// <name>.mo. The wasm files are committed as test data; run this after
// changing a source:  node deploy/interop/build-canisters.mjs
import { createRequire } from 'node:module';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const mo = require('motoko');
mo.loadPackage(require('motoko/packages/latest/core.json'));
mo.compiler.gcFlags('classicOP'); // plain wasm32 (without it the output uses memory64)

const dir = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'replica', 'testdata', 'canisters');
for (const file of readdirSync(dir).filter((f) => f.endsWith('.mo')).sort()) {
  mo.write(file, readFileSync(join(dir, file), 'utf8'));
  const out = mo.wasm(file, 'ic');
  if (!out.wasm) {
    console.error(`${file}:`, JSON.stringify(out.diagnostics ?? out, null, 1));
    process.exit(1);
  }
  writeFileSync(join(dir, file.replace(/\.mo$/, '.wasm')), out.wasm);
  console.log(`${file}: ${out.wasm.length} bytes`);
}
