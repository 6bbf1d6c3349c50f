// Progressive enhancement only: every citation is plain text that can be selected without this
// script, and each "Cite" link leads to the item's citation on the area's page of citations.
// Where this runs it adds:
// - a Copy button under each citation (clipboard API; the result is said in a live region);
// - on an area page, "Cite" opens the item's citation in place, under the item, instead of
//   leaving the page (it is read from the page of citations; if that fails, the link is followed);
// - the full address in a citation where the site was built without knowing its own address
//   (the citation then shows the path, /areas/york/#rec-x).
(function () {
  var fromHttp = location.protocol === "http:" || location.protocol === "https:";
  var canCopy = !!(navigator.clipboard && window.isSecureContext);
  var status = null;
  var pages = {};

  function announce(text) {
    if (!status) {
      status = document.createElement("p");
      status.className = "visually-hidden";
      status.setAttribute("role", "status");
      document.body.appendChild(status);
    }
    status.textContent = text;
  }

  // Make the citation's address absolute; `base` is the address of the page it was written on.
  function absolutise(citation, base) {
    var span = citation.querySelector(".cite-url");
    if (span && fromHttp && span.textContent.charAt(0) === "/") {
      span.textContent = new URL(span.getAttribute("data-href"), base).href;
    }
  }

  function addCopyButton(citation) {
    if (!canCopy) {
      return;
    }
    var button = document.createElement("button");
    button.type = "button";
    button.className = "copy-button";
    button.textContent = "Copy citation";
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(citation.textContent.trim()).then(function () {
        show(button, "Copied", "Copied");
      }, function () {
        show(button, "Not copied", "Could not copy: select the citation and copy it instead");
      });
    });
    citation.insertAdjacentElement("afterend", button);
  }

  function show(button, label, message) {
    announce(message);
    button.textContent = label;
    window.setTimeout(function () {
      button.textContent = "Copy citation";
    }, 2500);
  }

  function citationsPage(url) {
    if (!pages[url]) {
      pages[url] = fetch(url).then(function (response) {
        if (!response.ok) {
          throw new Error(response.status);
        }
        return response.text();
      }).then(function (text) {
        return new DOMParser().parseFromString(text, "text/html");
      });
    }
    return pages[url];
  }

  function toggle(link) {
    var item = link.closest("li");
    var open = item.querySelector(".cite-panel");
    if (open) {
      open.parentNode.removeChild(open);
      link.setAttribute("aria-expanded", "false");
      return;
    }
    var target = new URL(link.href);
    citationsPage(target.href.split("#")[0]).then(function (page) {
      var entry = page.getElementById(decodeURIComponent(target.hash.slice(1)));
      var found = entry && entry.querySelector(".citation");
      if (!found) {
        throw new Error("no citation");
      }
      var panel = document.createElement("div");
      panel.className = "cite-panel";
      var citation = document.importNode(found, true);
      absolutise(citation, target.href);
      panel.appendChild(citation);
      item.appendChild(panel);
      addCopyButton(citation);
      link.setAttribute("aria-expanded", "true");
    }).catch(function () {
      location.href = link.href;
    });
  }

  if (canCopy && document.querySelector(".citation, a.cite-link")) {
    announce("");  // the live region is in the page before anything is said in it
  }
  Array.prototype.forEach.call(document.querySelectorAll(".citation"), function (citation) {
    absolutise(citation, location.href);
    addCopyButton(citation);
  });
  if (fromHttp && window.fetch && window.DOMParser) {
    Array.prototype.forEach.call(document.querySelectorAll("a.cite-link"), function (link) {
      link.setAttribute("aria-expanded", "false");
      link.addEventListener("click", function (event) {
        if (event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) {
          return;  // a new tab or window gets the page of citations
        }
        event.preventDefault();
        toggle(link);
      });
    });
  }
})();
