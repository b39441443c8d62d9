// Keeps the agenda readable on bad conference wifi. Agenda pages, the agenda data they reload
// and the app's own files are fetched from the network first and kept; when the network fails
// or hangs, the last copy is served. The page says how old its agenda is ("As of 14:05").
// Nothing else is cached: every other page stays live-only.
const CACHE = "hackboard-agenda-v1";
// Past this, a hanging network counts as down and the kept copy is shown.
const NAVIGATION_TIMEOUT_MS = 4000;

self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", (event) => event.waitUntil(self.clients.claim()));

function kept(url) {
  const path = new URL(url).pathname;
  return (
    /^\/events\/[^/]+\/agenda(\/now|\/screen)?$/.test(path) ||
    path === "/api/get_agenda" ||
    path.startsWith("/pkg/") ||
    path === "/favicon.svg"
  );
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET" || new URL(request.url).origin !== self.location.origin || !kept(request.url)) {
    return;
  }
  event.respondWith(networkFirst(request, request.mode === "navigate" ? NAVIGATION_TIMEOUT_MS : 0));
});

// "hackboard" and "wasm" for /pkg/hackboard.3f2a….wasm: each build names its bundle after the
// content, so the copy kept from an earlier build is dropped once the new one is in.
function bundleKind(url) {
  const match = /^\/pkg\/([^./]+)\.(?:[\w-]+\.)?(\w+)$/.exec(new URL(url).pathname);
  return match && `${match[1]}.${match[2]}`;
}

async function dropOlderBundles(cache, url) {
  const kind = bundleKind(url);
  if (!kind) {
    return;
  }
  for (const kept of await cache.keys()) {
    if (kept.url !== url && bundleKind(kept.url) === kind) {
      await cache.delete(kept);
    }
  }
}

async function networkFirst(request, timeoutMs) {
  const cache = await caches.open(CACHE);
  const network = fetch(request).then((response) => {
    if (response.ok) {
      cache.put(request, response.clone()).then(() => dropOlderBundles(cache, request.url));
    }
    return response;
  });
  try {
    if (!timeoutMs) {
      return await network;
    }
    const slow = new Promise((_, reject) => setTimeout(() => reject(new Error("slow")), timeoutMs));
    return await Promise.race([network, slow]);
  } catch (error) {
    const copy = await cache.match(request, { ignoreVary: true });
    if (copy) {
      return copy;
    }
    return network;
  }
}
