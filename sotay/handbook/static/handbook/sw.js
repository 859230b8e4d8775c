// The handbook's service worker (docs/decisions/0012-offline-handbook.md). /handbook/sw.js sets
// self.SOTAY (what to keep, where the pages are) and imports this file.
//
// - The shell (styles, scripts, the small icon, the offline page) is kept at install and served
//   from here first: its files have hashed names, so a copy is never stale.
// - Handbook pages go to the network first; a good answer is kept, so the feed, the notices and
//   the meeting the member last opened can be read offline. Without a line, the kept copy is
//   shown, else the offline page.
// - A page that now redirects (to sign-in: the session is over) empties the kept pages; signing
//   out empties everything (the Clear-Site-Data header, and handbook.js).

const { shell, offline, start, scope, skip, version } = self.SOTAY;
const SHELL = `sotay-shell-${version}`;
const PAGES = "sotay-pages";
const KEEP_PAGES = 40; // the newest pages opened; older ones are dropped
const servedFromCache = new Map(); // window client id -> when its page was saved

self.addEventListener("install", (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(SHELL);
      await cache.addAll([...shell, offline]);
      // The feed as it is now, for reading offline before any page was opened through the worker.
      await savePage(new Request(start, { credentials: "same-origin" })).catch(() => undefined);
      await self.skipWaiting();
    })(),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) {
        if (name.startsWith("sotay-shell-") && name !== SHELL) await caches.delete(name);
      }
      await self.clients.claim();
    })(),
  );
});

function keepable(url) {
  return url.origin === self.location.origin && url.pathname.startsWith(scope) && !skip.some((part) => url.pathname.includes(part));
}

function isPage(response) {
  return (
    response.ok &&
    response.type === "basic" &&
    !response.redirected &&
    (response.headers.get("content-type") || "").startsWith("text/html") &&
    !(response.headers.get("content-disposition") || "").startsWith("attachment")
  );
}

async function trim(cache) {
  const keys = await cache.keys();
  for (const request of keys.slice(0, Math.max(0, keys.length - KEEP_PAGES))) await cache.delete(request);
}

async function keep(request, response) {
  const cache = await caches.open(PAGES);
  await cache.delete(request, { ignoreVary: true }); // re-added last: the newest stay when trimming
  await cache.put(request, response);
  await trim(cache);
}

// Fetch a page and keep a copy of a good answer. A redirect means the session is over (or the
// page moved): nothing kept may outlive it.
async function savePage(request) {
  const response = await fetch(request);
  if (response.type === "opaqueredirect" || response.redirected) {
    await caches.delete(PAGES);
  } else if (isPage(response)) {
    await keep(request.url, response.clone());
  }
  return response;
}

async function fromCache(request, clientId) {
  const cache = await caches.open(PAGES);
  const copy = await cache.match(request.url, { ignoreVary: true });
  if (copy) {
    const date = copy.headers.get("date");
    if (clientId) servedFromCache.set(clientId, date ? Date.parse(date) : null);
    return copy;
  }
  return (await caches.match(offline, { cacheName: SHELL })) || Response.error();
}

self.addEventListener("fetch", (event) => {
  const { request } = event;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (shell.includes(url.pathname)) {
    event.respondWith(caches.match(url.pathname, { cacheName: SHELL }).then((copy) => copy || fetch(request)));
  } else if (request.mode === "navigate" && keepable(url)) {
    event.respondWith(savePage(request).catch(() => fromCache(request, event.resultingClientId)));
  }
});

// A page asks whether it came from the kept copies, and signing out asks to forget them.
self.addEventListener("message", (event) => {
  if (event.data === "status" && event.source) {
    const saved = servedFromCache.get(event.source.id);
    servedFromCache.delete(event.source.id);
    event.source.postMessage({ kind: "status", fromCache: saved !== undefined, savedAt: saved ?? null });
  } else if (event.data === "forget") {
    event.waitUntil(Promise.all([caches.delete(PAGES), caches.delete(SHELL)]));
  }
});
