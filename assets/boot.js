// Loads the WebAssembly app. Trunk's own loader is an inline script, which the
// page's Content-Security-Policy forbids; Trunk.toml's pattern_script leaves the
// hashed file names on #zs-boot for this external module instead.
//
// A theme the user chose is applied first, so a dark choice does not flash
// white while the wasm loads (the app keeps it in step from then on).
try {
  const theme = localStorage.getItem("zstack.theme");
  if (theme === "light" || theme === "dark") document.documentElement.dataset.theme = theme;
} catch {
  // Storage can be blocked; the system's theme applies.
}

// The VM page's first reads (zstack_api::prefetch::vm_page_reads, held equal
// by crates/zstack-api/tests/prefetch.rs), started now rather than after the
// wasm has downloaded and compiled. The app takes each answer by its URL
// (src/prefetch.rs) instead of asking again; what it does not take is never
// asked twice. A dead session answers ID.1001 here as it would there.
const VM_PAGE_READS = [
  "/vm-instances?q=uuid%3D{uuid}",
  "/vm-instances/{uuid}/guest-tools-infos",
  "/guesttools?q=vmInstanceUuid%3D{uuid}",
  "/vm-instances/{uuid}/iso-candidates",
  "/vm-instances/{uuid}/latest-guest-tools",
  "/vm-instances/{uuid}/qga",
];
const UUID = /^[0-9a-fA-F]{32}$/;

/** src/config.rs's sanitize_api_root: an absolute path on this origin, else the default. */
function apiRoot() {
  const root = (document.querySelector("meta[name='zstack-api-root']")?.getAttribute("content") ?? "").trim();
  const ok = root.startsWith("/") && !root.startsWith("//") && !/[\\?#]/.test(root);
  return ok ? root.replace(/\/+$/, "") : "/zstack/v1";
}

/** The stored session if the app would use it (src/session.rs: well-formed, not expired). */
function usableSession() {
  try {
    const s = JSON.parse(localStorage.getItem("zstack.session") ?? "null");
    if (!s || typeof s.uuid !== "string" || !UUID.test(s.uuid)) return null;
    if (typeof s.expiresAt === "number" && Date.now() >= s.expiresAt) return null;
    return s;
  } catch {
    return null;
  }
}

const vmPage = location.pathname.match(/\/vms\/([0-9a-fA-F]{32})\/?$/);
const session = vmPage && usableSession();
if (session) {
  const reads = new Map();
  const root = apiRoot();
  for (const template of VM_PAGE_READS) {
    const url = root + template.replaceAll("{uuid}", vmPage[1]);
    const ctrl = new AbortController();
    const response = fetch(url, {
      headers: { Accept: "application/json", Authorization: `OAuth ${session.uuid}` },
      signal: ctrl.signal,
    });
    // The body is read here too: the app then finds the whole answer in its
    // first task, and renders the badges before the first paint instead of
    // after a frame of "Loading" and a task per body read.
    const answer = response.then(async (r) => [r.status, await r.arrayBuffer()]);
    // Read (or dropped) by the app; never an unhandled rejection here.
    answer.catch(() => {});
    reads.set(url, { answer, ctrl, auth: session.uuid });
  }
  window.__zsPrefetch = reads;
}

const boot = document.getElementById("zs-boot");
const glue = import(boot.dataset.js);
// Compiled here rather than by init(), so that the app starts only once the
// read-ahead answers that are in have been read: it then takes them all in
// its first task and paints the page once, badges included, instead of a
// "Loading" frame and then a task per answer. A read that is slower (the
// tools info asks the guest itself) waits at most GRACE_MS: it is taken
// later, as the page would have.
const GRACE_MS = 20;
const wasm = WebAssembly.compileStreaming(fetch(boot.dataset.wasm)).catch(() => boot.dataset.wasm);
const module = await wasm;
if (window.__zsPrefetch) {
  const answers = [...window.__zsPrefetch.values()].map((read) => read.answer);
  await Promise.race([Promise.allSettled(answers), new Promise((done) => setTimeout(done, GRACE_MS))]);
}
const { default: init } = await glue;
await init({ module_or_path: module });
dispatchEvent(new CustomEvent("TrunkApplicationStarted"));
