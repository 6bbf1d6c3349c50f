// On a moved page, forward the reader at once, carrying the #anchor along: an item's anchor
// goes to where that item is now. Without JavaScript the page's meta refresh and visible
// links do the same job, minus the anchor.
(function () {
  var script = document.currentScript;
  if (!script) {
    return;
  }
  var target = script.getAttribute("data-target");
  var pairs = (script.getAttribute("data-anchors") || "").split(/\s+/).filter(Boolean);
  var anchor = window.location.hash.slice(1);
  for (var i = 0; i + 1 < pairs.length; i += 2) {
    if (pairs[i] === anchor) {
      window.location.replace(pairs[i + 1]);
      return;
    }
  }
  window.location.replace(target + (anchor ? "#" + anchor : ""));
})();
