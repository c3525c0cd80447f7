// Verifies certificates made by Threshold with both real JS agents.
// stdin:  {"root_key_hex": "...", "cases": [{"name", "cert_hex", "canister_id"}]}
// stdout: {"results": [{"name", "core": "ok" | error, "agent": "ok" | error}]}
import * as core from '@icp-sdk/core/agent';
import { Principal } from '@icp-sdk/core/principal';
import * as old from '@dfinity/agent';
import { Principal as OldPrincipal } from '@dfinity/principal';
import { readStdin, fromHex, describe, print } from './lib.mjs';

const input = await readStdin();
const rootKey = fromHex(input.root_key_hex);
const results = [];
for (const c of input.cases) {
  const r = { name: c.name };
  try {
    await core.Certificate.create({
      certificate: fromHex(c.cert_hex), rootKey, principal: { canisterId: Principal.fromText(c.canister_id) },
    });
    r.core = 'ok';
  } catch (e) { r.core = describe(e); }
  try {
    await old.Certificate.create({
      certificate: fromHex(c.cert_hex), rootKey, canisterId: OldPrincipal.fromText(c.canister_id),
    });
    r.agent = 'ok';
  } catch (e) { r.agent = describe(e); }
  results.push(r);
}
print({ results });
