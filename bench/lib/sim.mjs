// The simulators the benchmark serves the apps from, and the few calls it
// makes to them directly: login and the /_sim/ controls.

import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { sleep } from './util.mjs';

const running = [];

/** Starts the simulator `bin` at zero latency on `port`; resolves once it answers. */
export async function startSim(bin, name, port, extra) {
  const url = `http://127.0.0.1:${port}`;
  const output = [];
  const proc = spawn(bin, ['--listen', `127.0.0.1:${port}`, '--latency-ms', '0', ...extra], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, RUST_LOG: 'warn' },
  });
  proc.stdout.on('data', (d) => output.push(String(d)));
  proc.stderr.on('data', (d) => output.push(String(d)));
  running.push(proc);
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    if (proc.exitCode !== null) throw new Error(`simulator ${name} exited: ${output.join('')}`);
    try {
      const r = await fetch(`${url}/_sim/config`);
      if (r.ok) return { name, url, proc };
    } catch {
      /* not up yet */
    }
    await sleep(100);
  }
  throw new Error(`simulator ${name} did not start on ${url}: ${output.join('')}`);
}

/** Kills every simulator started; run on exit, whatever the outcome. */
export function stopSims() {
  for (const p of running) p.kill('SIGTERM');
}

/** Logs in as the seeded admin; returns the session uuid the page is given. */
export async function login(sim) {
  const password = createHash('sha512').update('password').digest('hex');
  const r = await fetch(`${sim.url}/zstack/v1/accounts/login`, {
    method: 'PUT',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ logInByAccount: { accountName: 'admin', password } }),
  });
  if (r.status !== 200) throw new Error(`login failed: ${r.status} ${await r.text()}`);
  return (await r.json()).inventory.uuid;
}

export async function simGet(sim, p) {
  const r = await fetch(`${sim.url}${p}`);
  if (!r.ok) throw new Error(`GET ${p}: ${r.status}`);
  return r.json();
}

export async function simCall(sim, method, p, body) {
  const init = body === undefined ? { method } : { method, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) };
  const r = await fetch(`${sim.url}${p}`, init);
  if (!r.ok) throw new Error(`${method} ${p}: ${r.status}`);
}
