// Callback Dojo's service worker: keeps one build of the app, whole, so it
// opens and runs with the network off. `cargo xtask` writes dist/sw.js from
// this file, filling in the build's files and a version made from them.
//
// One cache per version, holding only that version's files (each checked
// against its SHA-256 as it is kept), and a page is only ever served from
// the cache of the worker that controls it: two versions' files are never
// mixed. A new
// version waits until the page asks it to take over ("A new version is
// ready"), then the page reloads.
const VERSION = "__VERSION__";
// [path, SHA-256 of its bytes] for every file of this version.
const FILES = __FILES__;
// The studio bundle (progress, drills, academy), fetched after the rest.
const LATER = __LATER__;
const CACHE = "callback-dojo-" + VERSION;

const hex = (buffer) =>
  Array.from(new Uint8Array(buffer), (b) => b.toString(16).padStart(2, "0")).join("");

// Keeps one file, only if it is this version's: a deploy during the install
// would otherwise put the next version's page in this version's cache.
const keep = async (cache, [file, digest]) => {
  const response = await fetch(file, { cache: "no-store" });
  if (!response.ok) {
    throw new Error(file + ": " + response.status);
  }
  const bytes = await response.clone().arrayBuffer();
  if (hex(await crypto.subtle.digest("SHA-256", bytes)) !== digest) {
    throw new Error(file + " is not of version " + VERSION);
  }
  await cache.put(file, response);
};

self.addEventListener("install", (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE);
      try {
        await Promise.all(FILES.map((f) => keep(cache, f)));
        await Promise.all(LATER.map((f) => keep(cache, f)));
      } catch (error) {
        // Nothing half kept: the install fails, and the next visit's
        // registration fetches the worker of whatever is deployed then.
        await caches.delete(CACHE);
        throw error;
      }
    })(),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) =>
        Promise.all(
          keys
            .filter((key) => key.startsWith("callback-dojo-") && key !== CACHE)
            .map((key) => caches.delete(key)),
        ),
      )
      .then(() => self.clients.claim()),
  );
});

self.addEventListener("message", (event) => {
  if (event.data === "take-over") {
    self.skipWaiting();
  }
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) {
    return;
  }
  event.respondWith(
    caches.open(CACHE).then(async (cache) => {
      if (request.mode === "navigate") {
        // What a static host serves: the file at the address, or the
        // folder's page, or else the page for an unknown address (the app
        // shows what the address names either way).
        const page = url.pathname.replace(/\/$/, "") + "/index.html";
        return (
          (url.pathname.endsWith(".html") && (await cache.match(url.pathname))) ||
          (await cache.match(page)) ||
          (await cache.match("/404.html")) ||
          fetch(request)
        );
      }
      return (await cache.match(request, { ignoreSearch: true })) || fetch(request);
    }),
  );
});
