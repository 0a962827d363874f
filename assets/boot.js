// Loads the WebAssembly app. Trunk's own loader is an inline script, which the
// page's Content-Security-Policy forbids; Trunk.toml's pattern_script leaves the
// hashed file names on #zs-boot for this external module instead.
const boot = document.getElementById("zs-boot");
const { default: init } = await import(boot.dataset.js);
await init({ module_or_path: boot.dataset.wasm });
dispatchEvent(new CustomEvent("TrunkApplicationStarted"));
