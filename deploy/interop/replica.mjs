// Drives a running Threshold network with a real JS agent, as a developer
// would: create canisters, install the Motoko test canisters, update and
// query them (query signatures verified), upgrade one, read_state.
//
// Usage: node replica.mjs <@icp-sdk/core|@dfinity/agent> <network.json> [api url]
// Prints {"steps": [{"name", "ok", "value"|"error"}]}; exits 0 even when a
// step fails, so the Go test can report every step.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, print, recorder } from './lib.mjs';
import { managementIdl } from './management.mjs';

const [lib, networkFile, apiOverride] = process.argv.slice(2);
const net = JSON.parse(readFileSync(networkFile, 'utf8'));
const here = dirname(fileURLToPath(import.meta.url));
const wasm = (name) => readFileSync(join(here, '..', '..', 'replica', 'testdata', 'canisters', `${name}.wasm`));

const m = lib === '@icp-sdk/core'
  ? { ...(await import('@icp-sdk/core/agent')), ...(await import('@icp-sdk/core/candid')),
      ...(await import('@icp-sdk/core/identity')), ...(await import('@icp-sdk/core/principal')) }
  : { ...(await import('@dfinity/agent')), ...(await import('@dfinity/candid')),
      ...(await import('@dfinity/identity')), ...(await import('@dfinity/principal')) };
const { HttpAgent, Actor, IDL, Ed25519KeyIdentity, Principal } = m;

const { steps, step } = recorder();

const identity = Ed25519KeyIdentity.generate();
const agent = await HttpAgent.create({
  host: apiOverride || net.api_url, identity, shouldFetchRootKey: true, verifyQuerySignatures: true, retryTimes: 0,
});
const app = net.subnets.find((s) => s.kind === 'application');
const ecid = Principal.fromText(app.canister_ranges[0][0]);
// The management canister's effective canister id is the canister an
// argument names, or for creation any id of the target subnet
// (https-interface.md § Effective canister id).
const icFor = (id) => Actor.createActor(managementIdl, { agent, canisterId: Principal.fromText('aaaaa-aa'), effectiveCanisterId: id });
const ic = new Proxy({}, {
  get: (_, method) => (arg) => icFor(arg.canister_id ?? ecid)[method](arg),
});
const empty = new Uint8Array([0x44, 0x49, 0x44, 0x4c, 0x00, 0x00]);

async function deploy(name) {
  const { canister_id } = await ic.provisional_create_canister_with_cycles({ amount: [], settings: [], specified_id: [] });
  await ic.install_code({ mode: { install: null }, canister_id, wasm_module: wasm(name), arg: empty });
  return canister_id;
}

await step('root key matches network.json', () => {
  const got = Buffer.from(agent.rootKey).toString('hex');
  if (got !== net.root_key) throw new Error(`root key ${got}`);
});
const counterId = await step('create and install counter', async () => (await deploy('counter')).toText());
if (counterId) {
  const counter = Actor.createActor(({ IDL }) => IDL.Service({
    inc: IDL.Func([], [IDL.Nat], []), get: IDL.Func([], [IDL.Nat], ['query']), fail: IDL.Func([], [], []),
  }), { agent, canisterId: counterId });
  await step('counter inc', async () => String(await counter.inc()));
  await step('counter inc again', async () => String(await counter.inc()));
  await step('counter get (query)', async () => String(await counter.get()));
  await step('counter fail traps', async () => {
    try { await counter.fail(); } catch (e) { return describe(e).slice(0, 200); }
    throw new Error('fail() did not reject');
  });
  await step('counter unchanged after trap', async () => String(await counter.get()));
  await step('canister_status', async () => {
    const s = await ic.canister_status({ canister_id: Principal.fromText(counterId) });
    return Object.keys(s.status)[0];
  });
  await step('read_state time', async () => {
    const cert = await agent.readState(counterId, { paths: [[new TextEncoder().encode('time')]] });
    return cert.certificate ? 'certificate' : 'none';
  });
  await step('request_status of a call', async () => {
    const arg = IDL.encode([], []);
    const { requestId } = await agent.call(counterId, { methodName: 'inc', arg, effectiveCanisterId: Principal.fromText(counterId) });
    const { status } = await m.polling.pollForResponse(agent, Principal.fromText(counterId), requestId);
    return status ?? 'replied';
  });
}
const greetId = await step('create and install greet', async () => (await deploy('greet')).toText());
if (greetId) {
  const greet = Actor.createActor(({ IDL }) => IDL.Service({ greet: IDL.Func([IDL.Text], [IDL.Text], ['query']) }),
    { agent, canisterId: greetId });
  await step('greet (query)', () => greet.greet('world'));
}
const stableId = await step('create and install stable', async () => (await deploy('stable')).toText());
if (stableId) {
  const s = Actor.createActor(({ IDL }) => IDL.Service({
    set: IDL.Func([IDL.Text], [], []), get: IDL.Func([], [IDL.Text], ['query']),
    upgraded: IDL.Func([], [IDL.Nat], ['query']),
  }), { agent, canisterId: stableId });
  await step('stable set', () => s.set('kept across upgrades'));
  await step('upgrade stable', () => ic.install_code({
    mode: { upgrade: [] }, canister_id: Principal.fromText(stableId), wasm_module: wasm('stable'), arg: empty,
  }));
  await step('stable get after upgrade', () => s.get());
  await step('stable upgraded count', async () => String(await s.upgraded()));
  await step('stop and delete stable', async () => {
    await ic.stop_canister({ canister_id: Principal.fromText(stableId) });
    await ic.delete_canister({ canister_id: Principal.fromText(stableId) });
  });
}
print({ steps });
