// Calls a counter canister through a proxy that tampers with answers; the
// agent must refuse what it cannot verify.
// Usage: node tamper.mjs <lib> <network.json> <proxy url> <canister id>
// Prints {"steps": [{"name", "ok", "value"|"error"}]}.
import { readFileSync } from 'node:fs';
import { describe, print } from './lib.mjs';

const [lib, networkFile, proxy, canisterId] = process.argv.slice(2);
const net = JSON.parse(readFileSync(networkFile, 'utf8'));
const m = lib === '@icp-sdk/core'
  ? { ...(await import('@icp-sdk/core/agent')), ...(await import('@icp-sdk/core/identity')) }
  : { ...(await import('@dfinity/agent')), ...(await import('@dfinity/identity')) };

const agent = await m.HttpAgent.create({
  host: proxy, identity: m.Ed25519KeyIdentity.generate(), verifyQuerySignatures: true, retryTimes: 0,
});
agent.rootKey = new Uint8Array(Buffer.from(net.root_key, 'hex')); // trusted out of band, not from the proxy
const counter = m.Actor.createActor(({ IDL }) => IDL.Service({
  inc: IDL.Func([], [IDL.Nat], []), get: IDL.Func([], [IDL.Nat], ['query']),
}), { agent, canisterId });
const steps = [];
for (const [name, f] of [['query get', () => counter.get()], ['update inc', () => counter.inc()]]) {
  try {
    steps.push({ name, ok: true, value: String(await f()) });
  } catch (e) {
    steps.push({ name, ok: false, error: describe(e) });
  }
}
print({ steps });
