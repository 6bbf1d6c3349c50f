// The site's service worker, copied to the site root as sw.js with CACHE_NAME and PRECACHE
// defined above this line by the build. Pages are fetched from the network first, so a reader
// online always sees the current build; what they have seen stays readable offline.
self.addEventListener("install", function (event) {
  event.waitUntil(
    caches.open(CACHE_NAME).then(function (cache) {
      return cache.addAll(PRECACHE);
    }).then(function () {
      return self.skipWaiting();
    })
  );
});

self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches.keys().then(function (names) {
      return Promise.all(names.filter(function (name) {
        return name !== CACHE_NAME && name.indexOf(CACHE_PREFIX) === 0;
      }).map(function (name) {
        return caches.delete(name);
      }));
    }).then(function () {
      return self.clients.claim();
    })
  );
});

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET" || new URL(request.url).origin !== self.location.origin) {
    return;
  }
  event.respondWith(
    fetch(request).then(function (response) {
      if (response.ok) {
        var copy = response.clone();
        caches.open(CACHE_NAME).then(function (cache) {
          cache.put(request, copy);
        });
      }
      return response;
    }).catch(function () {
      return caches.match(request, { ignoreSearch: true }).then(function (saved) {
        if (saved) {
          return saved;
        }
        if (request.mode === "navigate") {
          // Redirect rather than answer in place, so the offline page's relative links work.
          return Response.redirect(new URL("offline.html", self.registration.scope).href, 302);
        }
        return Response.error();
      });
    })
  );
});
