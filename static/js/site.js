// Progressive enhancement only: the site works fully without this script.
// Register the service worker that keeps visited pages readable offline.
(function () {
  var script = document.currentScript;
  if (!script || !("serviceWorker" in navigator) || location.protocol === "file:") {
    return;
  }
  navigator.serviceWorker.register(script.getAttribute("data-service-worker")).catch(function () {
    // Offline reading is a bonus; a browser that refuses the worker still shows the site.
  });
})();
