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
const boot = document.getElementById("zs-boot");
const { default: init } = await import(boot.dataset.js);
await init({ module_or_path: boot.dataset.wasm });
dispatchEvent(new CustomEvent("TrunkApplicationStarted"));
