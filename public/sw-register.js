// Registers the service worker that keeps the last agenda for when the wifi fails (sw.js).
// A plain script, so it works on pages the WASM has not reached yet.
if ("serviceWorker" in navigator) {
  navigator.serviceWorker.register("/sw.js").catch(() => {});
}
