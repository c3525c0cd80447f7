// Helpers shared by the interop scripts: JSON in on stdin, JSON out on stdout.
export async function readStdin() {
  const chunks = [];
  for await (const c of process.stdin) chunks.push(c);
  return JSON.parse(Buffer.concat(chunks).toString('utf8'));
}

export const fromHex = (s) => new Uint8Array(Buffer.from(s, 'hex'));
export const toHex = (b) => Buffer.from(b).toString('hex');

// describe turns a thrown value into a short, stable string.
export function describe(e) {
  if (e && typeof e === 'object') {
    const parts = [e.constructor?.name, e.code?.constructor?.name, e.message ?? String(e)];
    return parts.filter(Boolean).join(': ').slice(0, 500);
  }
  return String(e);
}

export function print(v) {
  process.stdout.write(JSON.stringify(v, (_, x) => (typeof x === 'bigint' ? x.toString() : x), 1));
}

// recorder collects named steps: step(name, f) runs f, records its value
// or its error, and never throws, so a script reports every step.
export function recorder() {
  const steps = [];
  async function step(name, f) {
    try {
      const value = await f();
      steps.push({ name, ok: true, value: value === undefined ? null : value });
      return value;
    } catch (e) {
      steps.push({ name, ok: false, error: describe(e) });
      return undefined;
    }
  }
  return { steps, step };
}
