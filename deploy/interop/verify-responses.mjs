// Runs @dfinity/response-verification on HTTP responses certified by Threshold.
// stdin:  {"cases": [{"name", "request": {url, method, headers, body_hex, certificate_version},
//          "response": {status_code, headers, body_hex}, "canister_id_hex", "now_ns",
//          "max_skew_ns", "root_key_hex", "min_version"}]}
// stdout: {"results": [{"name", "ok", "version", "certified_body_hex", "certified_headers", "error"}]}
import { createRequire } from 'node:module';
import { readStdin, fromHex, toHex, describe, print } from './lib.mjs';

const rv = createRequire(import.meta.url)('@dfinity/response-verification');
const input = await readStdin();
const results = [];
for (const c of input.cases) {
  const r = { name: c.name };
  try {
    const out = rv.verifyRequestResponsePair(
      {
        url: c.request.url, method: c.request.method, headers: c.request.headers,
        body: fromHex(c.request.body_hex ?? ''),
        certificate_version: c.request.certificate_version ? [c.request.certificate_version] : [],
      },
      { status_code: c.response.status_code, headers: c.response.headers, body: fromHex(c.response.body_hex ?? '') },
      fromHex(c.canister_id_hex), BigInt(c.now_ns), BigInt(c.max_skew_ns), fromHex(c.root_key_hex), c.min_version,
    );
    r.ok = true;
    r.version = out.verificationVersion;
    if (out.response) {
      r.certified_body_hex = toHex(out.response.body);
      r.certified_headers = out.response.headers;
      r.certified_status = out.response.statusCode;
    }
  } catch (e) {
    r.ok = false;
    r.error = describe(e);
  }
  results.push(r);
}
print({ results });
