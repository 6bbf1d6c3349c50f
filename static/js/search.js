// The search page: find findings, recommendations and pages with the site's Pagefind index
// (pagefind/pagefind.js, written by the build), narrowed by area, theme and kind.
// The search lives in the address (?q=discharge&theme=workforce), so it can be shared and reopened.
// Every piece of text is set as text, never as HTML. Without this script, or where the index
// cannot be loaded, the page offers the list of areas, the themes and the matrix instead.
(function () {
  "use strict";

  var PAGE_SIZE = 10;
  var FILTERS = ["area", "theme", "kind"];

  function start() {
    var form = document.getElementById("search-form");
    var status = document.getElementById("search-status");
    var list = document.getElementById("search-results");
    var more = document.getElementById("search-more");
    var fallback = document.getElementById("search-fallback");
    if (!form || !status || !list || !more || !fallback || !window.URLSearchParams || !window.history) {
      return;
    }
    var root = new URL(form.getAttribute("data-root"), location.href);
    var library = new URL("pagefind/pagefind.js", root).href;
    var baseTitle = document.title;
    var shown = [];
    var latest = 0;

    fallback.hidden = true;
    form.hidden = false;
    status.textContent = "Loading search…";

    import(library).then(function (pagefind) {
      // The same address for the index's entry file until the index changes, so caches keep it.
      return pagefind.options({ metaCacheTag: form.getAttribute("data-index-version") }).then(function () {
        return pagefind;
      });
    }).then(function (pagefind) {
      status.textContent = "";
      form.addEventListener("submit", function (event) {
        event.preventDefault();
        var query = readForm(form);
        var address = location.pathname + (query.toString() ? "?" + query.toString() : "");
        if (address !== location.pathname + location.search) {
          history.pushState(null, "", address);  // so Back returns to the previous search
        }
        run(pagefind, query);
      });
      window.addEventListener("popstate", function () {
        var query = new URLSearchParams(location.search);
        fillForm(form, query);
        run(pagefind, query);
      });
      more.addEventListener("click", function () {
        var first = list.children.length;
        showMore().then(function () {
          var link = list.children[first] && list.children[first].querySelector("a");
          if (link) {
            link.focus();
          }
        });
      });
      var opened = new URLSearchParams(location.search);
      fillForm(form, opened);
      run(pagefind, opened);
    }).catch(function () {
      form.hidden = true;
      status.textContent = "";
      document.getElementById("search-fallback-reason").textContent =
        "Search could not be loaded: it needs the site to be opened from a web server, and a browser that runs JavaScript.";
      fallback.hidden = false;
    });

    function run(pagefind, query) {
      var term = (query.get("q") || "").trim();
      var filters = {};
      FILTERS.forEach(function (name) {
        if (query.get(name)) {
          filters[name] = query.get(name);
        }
      });
      var ticket = ++latest;
      list.replaceChildren();
      more.hidden = true;
      shown = [];
      document.title = term ? "“" + term + "” · " + baseTitle : baseTitle;
      if (!term && !Object.keys(filters).length) {
        status.textContent = "";
        return Promise.resolve();
      }
      status.textContent = "Searching…";
      return pagefind.search(term || null, { filters: filters }).then(function (search) {
        if (ticket !== latest) {
          return;  // a newer search has started
        }
        shown = search.results;
        return showMore().then(function () {
          if (ticket === latest) {
            status.textContent = describe(search.results.length, term, form);
          }
        });
      }).catch(function () {
        status.textContent = "The search failed. Try again, or use the list of areas, the themes or the matrix.";
      });
    }

    function showMore() {
      var ticket = latest;
      var next = shown.slice(list.children.length, list.children.length + PAGE_SIZE);
      return Promise.all(next.map(function (result) { return result.data(); })).then(function (found) {
        if (ticket !== latest) {
          return;
        }
        found.forEach(function (data) { list.appendChild(resultItem(data, root)); });
        more.hidden = list.children.length >= shown.length;
      });
    }
  }

  function readForm(form) {
    var query = new URLSearchParams();
    var term = form.elements.q.value.trim();
    if (term) {
      query.set("q", term);
    }
    FILTERS.forEach(function (name) {
      if (form.elements[name].value) {
        query.set(name, form.elements[name].value);
      }
    });
    return query;
  }

  function fillForm(form, query) {
    form.elements.q.value = query.get("q") || "";
    FILTERS.forEach(function (name) {
      var select = form.elements[name];
      var wanted = query.get(name) || "";
      // Only offered values: an unknown one in a shared address leaves the filter at "Any".
      select.value = Array.prototype.some.call(select.options, function (option) { return option.value === wanted; }) ? wanted : "";
      if (select.value !== wanted) {
        query.delete(name);
      }
    });
  }

  // "12 results for “discharge” in York, on Workforce, concerns only".
  function describe(count, term, form) {
    var words = count === 0 ? "No results" : count === 1 ? "1 result" : count + " results";
    if (term) {
      words += " for “" + term + "”";
    }
    var narrowed = FILTERS.map(function (name) {
      var select = form.elements[name];
      return select.value ? select.labels[0].textContent + ": " + select.options[select.selectedIndex].textContent : "";
    }).filter(Boolean);
    if (narrowed.length) {
      words += " (" + narrowed.join(", ") + ")";
    }
    return words + (count === 0 ? ". Try fewer or other words, or another filter." : ".");
  }

  function element(name, attributes, children) {
    var node = document.createElement(name);
    Object.keys(attributes || {}).forEach(function (key) {
      node.setAttribute(key, attributes[key]);
    });
    (children || []).forEach(function (child) {
      node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return node;
  }

  function resultItem(data, root) {
    var meta = data.meta || {};
    var about = [meta.kind, meta.area && meta.kind !== "Area" ? meta.area : "", meta.themes ? "Themes: " + meta.themes : ""].filter(Boolean);
    var target = new URL(data.url, root);
    var title = target.origin === root.origin ? element("a", { href: target.href }, [meta.title || data.url]) : meta.title || "";
    return element("li", { "class": "search-result" }, [
      element("h2", {}, [title]),
      element("p", { "class": "search-excerpt" }, excerpt(data)),
      element("p", { "class": "search-about" }, [about.join(" · ")])
    ]);
  }

  // Pagefind's excerpt is a run of the result's words, with < and > escaped and <mark> around
  // those that matched. The run is found in the result's own text, and each word is shown from
  // there, as text: nothing Pagefind returns is ever read as HTML.
  function excerpt(data) {
    var words = (data.content || "").split(/[\r\n\s]+/g);
    var shown = (data.plain_excerpt || "").split(" ");
    var marked = (data.excerpt || "").split(" ");
    var start = findRun(words.map(escapeAngles), shown);
    if (start < 0 || marked.length !== shown.length) {
      return [words.join(" ")];
    }
    var parts = start > 0 ? ["… "] : [];
    shown.forEach(function (word, position) {
      var text = words[start + position];
      parts.push(marked[position] === word ? text : element("mark", {}, [text]));
      parts.push(position < shown.length - 1 ? " " : "");
    });
    if (start + shown.length < words.length) {
      parts.push(" …");
    }
    return parts;
  }

  function escapeAngles(word) {
    return word.replace(/</g, "&lt;").replace(/>/g, "&gt;");
  }

  function findRun(words, run) {
    for (var start = 0; start + run.length <= words.length; start++) {
      if (run.every(function (word, position) { return words[start + position] === word; })) {
        return start;
      }
    }
    return -1;
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
