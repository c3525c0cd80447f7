// Drives a Threshold asset canister (the Go one) with DFINITY's uploader,
// @dfinity/assets' AssetManager, as a web developer's script would: store
// small and large files, batch changes, list, read back (whole and by
// chunks), check the v1 certification of what it reads, delete, clear.
//
// Usage: node assets.mjs <network.json> <canister id> <ed25519 seed hex> <phase>
//   phase "refused": the identity has no permission; every change must fail.
//   phase "allowed": the identity may commit; the whole flow runs.
// Prints {"principal", "steps": [{"name", "ok", "value"|"error"}]}.
import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { HttpAgent } from '@dfinity/agent';
import { Ed25519KeyIdentity } from '@dfinity/identity';
import { Principal } from '@dfinity/principal';
import { AssetManager } from '@dfinity/assets';
import { describe, fromHex, print, recorder } from './lib.mjs';

const [networkFile, canister, seed, phase] = process.argv.slice(2);
const net = JSON.parse(readFileSync(networkFile, 'utf8'));
const identity = Ed25519KeyIdentity.fromSecretKey(fromHex(seed));
const agent = await HttpAgent.create({
  host: net.api_url, identity, shouldFetchRootKey: true, verifyQuerySignatures: true, retryTimes: 0,
});
const assets = new AssetManager({ canisterId: Principal.fromText(canister), agent, concurrency: 4 });

const { steps, step } = recorder();
// refused runs f and succeeds only if it throws.
async function refused(name, f) {
  await step(name, async () => {
    try {
      await f();
    } catch (e) {
      return describe(e);
    }
    throw new Error('the canister accepted it');
  });
}

const text = new TextEncoder().encode('Hello from @dfinity/assets\n');
// 4.5 MB: more than AssetManager's single-call limit, so it goes through
// create_batch / create_chunk / commit_batch in several chunks.
const large = new Uint8Array(4_500_000);
for (let i = 0; i < large.length; i++) large[i] = (i * 2654435761) >>> 24;
const sha = (b) => createHash('sha256').update(b).digest('hex');
const same = (a, b) => a.length === b.length && sha(a) === sha(b);

if (phase === 'refused') {
  await refused('store refused', () => assets.store(text, { fileName: 'nope.txt', path: '' }));
  await refused('batch refused', async () => {
    const batch = assets.batch();
    await batch.store(text, { fileName: 'nope2.txt', path: '' });
    await batch.commit();
  });
  await refused('delete refused', () => assets.delete('/index.html'));
  await refused('clear refused', () => assets.clear());
  await step('list still open to anyone', async () => (await assets.list()).length);
} else {
  await step('store small', () => assets.store(text, { fileName: 'hello.txt', path: '' }));
  await step('store large', () => assets.store(large, { fileName: 'large.bin', path: '/data', contentType: 'application/octet-stream' }));
  await step('batch', async () => {
    const batch = assets.batch();
    await batch.store(new TextEncoder().encode('<h1>one</h1>'), { fileName: 'one.html', path: '/batch' });
    await batch.store(new TextEncoder().encode('body { color: red }'), { fileName: 'two.css', path: '/batch' });
    batch.delete('/hello-old.txt');
    await batch.commit();
  });
  await step('list', async () => {
    const keys = (await assets.list()).map((a) => a.key).sort();
    return keys.filter((k) => ['/hello.txt', '/data/large.bin', '/batch/one.html', '/batch/two.css'].includes(k));
  });
  await step('list sha256', async () => {
    const entry = (await assets.list()).find((a) => a.key === '/hello.txt');
    return Buffer.from(entry.encodings[0].sha256[0]).toString('hex') === sha(text);
  });
  await step('get small', async () => {
    const asset = await assets.get('/hello.txt');
    const bytes = await asset.toUint8Array();
    return { same: same(bytes, text), type: asset.contentType, sha: await asset.verifySha256(), certified: await asset.isCertified() };
  });
  await step('get large', async () => {
    const asset = await assets.get('/data/large.bin');
    const bytes = await asset.toUint8Array();
    let chunks = 0;
    await asset.getChunks(() => { chunks++; });
    return { same: same(bytes, large), chunks, sha: await asset.verifySha256(), certified: await asset.isCertified() };
  });
  await step('get batch file', async () => {
    const asset = await assets.get('/batch/one.html');
    return { text: new TextDecoder().decode(await asset.toUint8Array()), type: asset.contentType, certified: await asset.isCertified() };
  });
  await step('delete', async () => {
    await assets.delete('/hello.txt');
    return (await assets.list()).some((a) => a.key === '/hello.txt');
  });
  await refused('get deleted', () => assets.get('/hello.txt'));
}

print({ principal: identity.getPrincipal().toText(), steps });
