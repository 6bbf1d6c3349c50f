// Progressive enhancement only: every citation is plain text that can be selected without this script.
// Give each citation a Copy button, and make its address absolute where the site was built without
// knowing its own address (the citation then shows the path, /areas/york/#rec-x).
(function () {
  var citations = document.querySelectorAll(".citation");
  if (!citations.length) {
    return;
  }
  var fromHttp = location.protocol === "http:" || location.protocol === "https:";
  Array.prototype.forEach.call(document.querySelectorAll(".citation .cite-url"), function (span) {
    if (fromHttp && span.textContent.charAt(0) === "/") {
      span.textContent = new URL(span.getAttribute("data-href"), location.href).href;
    }
  });
  if (!navigator.clipboard || !window.isSecureContext) {
    return;
  }
  var status = document.createElement("p");
  status.className = "visually-hidden";
  status.setAttribute("role", "status");
  document.body.appendChild(status);

  function say(button, text) {
    status.textContent = text;
    button.textContent = text === "Copied" ? "Copied" : "Not copied";
    window.setTimeout(function () {
      button.textContent = "Copy citation";
    }, 2500);
  }

  Array.prototype.forEach.call(citations, function (citation) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "copy-button";
    button.textContent = "Copy citation";
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(citation.textContent.trim()).then(function () {
        say(button, "Copied");
      }, function () {
        say(button, "Could not copy: select the citation and copy it instead");
      });
    });
    citation.insertAdjacentElement("afterend", button);
  });
})();
