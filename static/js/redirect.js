// Forward a moved page's #anchor to its new place. Without JavaScript the page's meta refresh
// and visible links do the same job, minus the anchor.
(function () {
  var anchor = window.location.hash.slice(1);
  if (!anchor) {
    return;
  }
  var moved = document.querySelector('a[data-anchor="' + anchor.replace(/["\\]/g, "") + '"]');
  var target = moved || document.getElementById("redirect-target");
  if (target) {
    window.location.replace(target.href + (moved ? "" : "#" + anchor));
  }
})();
