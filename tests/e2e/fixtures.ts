import { test as base, expect, type Page, type APIRequestContext } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');
const SIM_BIN = process.env.ZSTACK_SIM_BIN ?? path.join(process.env.CARGO_TARGET_DIR ?? path.join(ROOT, 'target'), 'debug/zstack-sim');
const DIST = process.env.ZSTACK_DIST ?? path.join(ROOT, 'dist');
export const ADMIN = { account: 'admin', password: 'password' };

export type Fault = {
  api?: string;
  method?: string;
  path_contains?: string;
  status?: number;
  body?: string;
  content_type?: string;
  delay_ms?: number;
  times?: number;
  on_job_poll?: boolean;
  hang?: boolean;
  drop?: boolean;
};

/** The simulator's control API (outside /zstack). */
export class Sim {
  constructor(
    readonly url: string,
    private readonly http: APIRequestContext,
    /** The run-time knobs as the simulator started; every test starts from them. */
    private readonly initialConfig: unknown,
  ) {}

  async reset() {
    await this.ok(this.http.post(`${this.url}/_sim/reset`));
    // /_sim/reset keeps the knobs (exec mode, time scale, ...): a test that
    // changed them must not change the next test's world.
    await this.ok(this.http.post(`${this.url}/_sim/config`, { data: this.initialConfig }));
    await this.ok(this.http.delete(`${this.url}/_sim/faults`));
    await this.ok(this.http.delete(`${this.url}/_sim/requests`));
  }
  async fault(f: Fault) {
    await this.ok(this.http.post(`${this.url}/_sim/faults`, { data: f }));
  }
  async config(c: Record<string, unknown>) {
    await this.ok(this.http.post(`${this.url}/_sim/config`, { data: c }));
  }
  async expireSessions() {
    await this.ok(this.http.post(`${this.url}/_sim/expire-sessions`));
  }
  async requests(): Promise<Array<{ method: string; path: string; query?: string; status: number }>> {
    const r = await this.http.get(`${this.url}/_sim/requests`);
    expect(r.ok()).toBeTruthy();
    const body = await r.json();
    return Array.isArray(body) ? body : body.requests;
  }
  async clearRequests() {
    await this.ok(this.http.delete(`${this.url}/_sim/requests`));
  }
  /** Signs in through the REST API and returns the session UUID. */
  async login(account = ADMIN.account, password = ADMIN.password): Promise<string> {
    const { createHash } = await import('node:crypto');
    const r = await this.http.put(`${this.url}/zstack/v1/accounts/login`, {
      data: { logInByAccount: { accountName: account, password: createHash('sha512').update(password).digest('hex') } },
    });
    expect(r.status()).toBe(200);
    return (await r.json()).inventory.uuid;
  }
  async vms(): Promise<Array<{ uuid: string; name: string; state: string }>> {
    const uuid = await this.login();
    const r = await this.http.get(`${this.url}/zstack/v1/vm-instances?limit=1000`, {
      headers: { Authorization: `OAuth ${uuid}` },
    });
    return (await r.json()).inventories;
  }
  async vmByName(name: string) {
    const vm = (await this.vms()).find((v) => v.name === name);
    if (!vm) throw new Error(`no VM named ${name} in the simulator's world`);
    return vm;
  }
  private async ok(p: Promise<{ ok(): boolean; status(): number; text(): Promise<string> }>) {
    const r = await p;
    if (!r.ok()) throw new Error(`simulator control call failed: ${r.status()} ${await r.text()}`);
  }
}

async function waitForServer(url: string, proc: ChildProcess, log: string[]) {
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    if (proc.exitCode !== null) throw new Error(`zstack-sim exited: ${log.join('')}`);
    try {
      const r = await fetch(`${url}/zstack/v1/accounts/sessions/00000000000000000000000000000000/valid`);
      if (r.status > 0) return;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`zstack-sim did not start: ${log.join('')}`);
}

type WorkerFixtures = { simServer: { url: string; config: unknown }; simArgs: string[] };
type TestFixtures = { sim: Sim; signedIn: string; cspViolations: string[] };

export const test = base.extend<TestFixtures, WorkerFixtures>({
  // Extra simulator flags for a file: `test.use({ simArgs: ['--extra-vms', '2000'] })`.
  simArgs: [[], { scope: 'worker', option: true }],
  simServer: [
    async ({ simArgs }, use, workerInfo) => {
      const port = 18100 + workerInfo.parallelIndex * 7 + (Number(process.env.E2E_PORT_OFFSET) || 0);
      const url = `http://127.0.0.1:${port}`;
      const log: string[] = [];
      const proc = spawn(
        SIM_BIN,
        ['--listen', `127.0.0.1:${port}`, '--dist', DIST, '--job-duration-ms', '300', '--tools-delay-ms', '1500', ...simArgs],
        { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, RUST_LOG: 'warn' } },
      );
      proc.stdout?.on('data', (d) => log.push(String(d)));
      proc.stderr?.on('data', (d) => log.push(String(d)));
      await waitForServer(url, proc, log);
      const config = await (await fetch(`${url}/_sim/config`)).json();
      await use({ url, config });
      proc.kill('SIGTERM');
    },
    { scope: 'worker' },
  ],
  baseURL: async ({ simServer }, use) => use(simServer.url),
  sim: async ({ simServer, playwright }, use) => {
    const http = await playwright.request.newContext();
    const sim = new Sim(simServer.url, http, simServer.config);
    await sim.reset();
    await use(sim);
    await http.dispose();
  },
  // Every test fails on any Content-Security-Policy violation.
  cspViolations: [
    async ({ page }, use) => {
      const seen: string[] = [];
      await page.exposeFunction('__cspViolation', (v: string) => seen.push(v));
      await page.addInitScript(() => {
        document.addEventListener('securitypolicyviolation', (e) => {
          (window as unknown as { __cspViolation(v: string): void }).__cspViolation(
            `${e.violatedDirective} ${e.blockedURI}`,
          );
        });
      });
      await use(seen);
      expect(seen, 'Content-Security-Policy violations').toEqual([]);
    },
    { auto: true },
  ],
  /** A session made through the API and put where the console keeps it. */
  signedIn: async ({ sim, page }, use) => {
    const uuid = await sim.login();
    await page.addInitScript((u) => {
      if (!sessionStorage.getItem('__seeded')) {
        localStorage.setItem('zstack.session', JSON.stringify({ uuid: u, account: 'admin' }));
        sessionStorage.setItem('__seeded', '1');
      }
    }, uuid);
    await use(uuid);
  },
});

export { expect };

export async function signInThroughForm(page: Page, account = ADMIN.account, password = ADMIN.password) {
  await page.getByRole('textbox', { name: 'Account name' }).fill(account);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}
