// Starts the playground. A file rather than Trunk's inline script, so that the page's
// Content-Security-Policy can forbid inline scripts.
const boot = document.querySelector("script[data-wasm]");
const { default: init } = await import(boot.dataset.js);
await init({ module_or_path: boot.dataset.wasm });
