// Registers the service worker that keeps the last agenda for when the wifi fails (sw.js).
// A plain script, so it works on pages the WASM has not reached yet. It waits for the page's
// load: installing the worker earlier competes with a phone's first layout and hydration.
if ("serviceWorker" in navigator) {
  addEventListener("load", () => {
    navigator.serviceWorker.register("/sw.js").catch(() => {});
  });
}
