// Prints, as JSON, request envelopes exactly as the real IC agents send them:
// each agent is given a fetch that records the request body instead of
// sending it. The Go interop test decodes, hashes and authenticates them.
//
// Usage: node envelopes.mjs > cases.json
import * as core from '@icp-sdk/core/agent';
import * as coreId from '@icp-sdk/core/identity';
import { Secp256k1KeyIdentity } from '@icp-sdk/core/identity/secp256k1';
import { Principal } from '@icp-sdk/core/principal';
import * as old from '@dfinity/agent';
import * as oldId from '@dfinity/identity';
import { Secp256k1KeyIdentity as OldSecp } from '@dfinity/identity-secp256k1';

const canister = Principal.fromText('rrkah-fqaaa-aaaaa-aaaaq-cai');
const other = Principal.fromText('ryjl3-tyaaa-aaaaa-aaaba-cai');
const arg = new Uint8Array([0x44, 0x49, 0x44, 0x4c, 0x00, 0x01, 0x71, 0x05, 0x77, 0x6f, 0x72, 0x6c, 0x64]);
const hex = (b) => Buffer.from(b).toString('hex');

async function capture(lib, identity, run) {
  const seen = [];
  const fetch = async (url, init) => {
    seen.push({ path: new URL(url).pathname, body: new Uint8Array(init.body) });
    return new Response(new Uint8Array(), { status: 503, statusText: 'captured' });
  };
  const agent = await lib.HttpAgent.create({
    host: 'http://127.0.0.1:9', fetch, identity, shouldFetchRootKey: false, retryTimes: 0,
    verifyQuerySignatures: false,
  });
  try { await run(agent); } catch { /* the captured request is all we need */ }
  return seen;
}

const identities = async () => {
  const ed = coreId.Ed25519KeyIdentity.generate();
  const k1 = Secp256k1KeyIdentity.generate();
  const p256 = await coreId.ECDSAKeyIdentity.generate({ extractable: false });
  // A two-level delegation chain, as Internet Identity and wallets build:
  // root key -> middle key (targets: canister) -> session key.
  const root = coreId.Ed25519KeyIdentity.generate();
  const middle = coreId.Ed25519KeyIdentity.generate();
  const session = coreId.Ed25519KeyIdentity.generate();
  const exp = new Date(Date.now() + 15 * 60 * 1000);
  const c1 = await coreId.DelegationChain.create(root, middle.getPublicKey(), exp, { targets: [canister, other] });
  const c2 = await coreId.DelegationChain.create(middle, session.getPublicKey(), exp, { previous: c1 });
  const delegated = coreId.DelegationIdentity.fromDelegation(session, c2);
  const oldEd = oldId.Ed25519KeyIdentity.generate();
  const oldK1 = OldSecp.generate();
  return [
    ['@icp-sdk/core', core, 'ed25519', ed],
    ['@icp-sdk/core', core, 'secp256k1', k1],
    ['@icp-sdk/core', core, 'ecdsa-p256', p256],
    ['@icp-sdk/core', core, 'delegation-chain', delegated],
    ['@icp-sdk/core', core, 'anonymous', new core.AnonymousIdentity()],
    ['@dfinity/agent', old, 'ed25519', oldEd],
    ['@dfinity/agent', old, 'secp256k1', oldK1],
    ['@dfinity/agent', old, 'anonymous', new old.AnonymousIdentity()],
  ];
};

const cases = [];
for (const [agentName, lib, kind, identity] of await identities()) {
  const runs = {
    call: (a) => a.call(canister, { methodName: 'greet', arg, effectiveCanisterId: canister }),
    query: (a) => a.query(canister, { methodName: 'greet', arg, effectiveCanisterId: canister }),
    read_state: (a) => a.readState(canister, { paths: [[new TextEncoder().encode('time')]] }),
  };
  for (const [request, run] of Object.entries(runs)) {
    const seen = await capture(lib, identity, run);
    if (seen.length === 0) throw new Error(`${agentName} ${kind} ${request}: no request captured`);
    const { path, body } = seen[0];
    const envelope = core.Cbor.decode(body);
    cases.push({
      agent: agentName, identity: kind, request, path,
      sender: identity.getPrincipal().toText(),
      body_hex: hex(body),
      request_id_hex: hex(core.requestIdOf(envelope.content)),
    });
  }
}
process.stdout.write(JSON.stringify({ now_ms: Date.now(), cases }, null, 1));
