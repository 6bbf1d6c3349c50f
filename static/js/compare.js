// The compare page's form: pick two to four areas and see them theme by theme.
// The choice lives in the address (?areas=york&areas=hampshire), so a comparison can be shared
// and reopened. The page reads the site's own data (data/compare.json and one
// data/areas/<slug>.json per area); every piece of text is set as text, never as HTML.
// Without this script the page offers the comparisons built as pages, and the matrix.
(function () {
  "use strict";

  var KINDS = [
    ["concern", "concern", "concerns"],
    ["strength", "strength", "strengths"],
    ["recommendation", "recommendation", "recommendations"],
    ["suggestion", "other suggestion", "other suggestions"]
  ];

  function start() {
    var form = document.getElementById("compare-form");
    var result = document.getElementById("compare-result");
    if (!form || !result || !window.fetch || !window.URLSearchParams) {
      return;
    }
    if (location.protocol === "file:") {
      // Browsers do not let a page opened from disk read the site's data files.
      result.textContent = "Choosing your own areas to compare needs the site on a web server; it does not work in a copy opened from files on this computer. The comparisons listed below work here.";
      return;
    }
    var root = new URL(form.getAttribute("data-root"), location.href);
    var max = Number(form.getAttribute("data-max")) || 4;
    var errorBox = document.getElementById("compare-error");
    form.hidden = false;

    fetchJson(new URL(form.getAttribute("data-index"), location.href)).then(function (index) {
      var bySlug = {};
      var byName = {};
      index.areas.forEach(function (area) {
        bySlug[area.slug] = area;
        byName[area.name.toLowerCase()] = area;
      });
      var chosen = new URLSearchParams(location.search).getAll("areas").filter(function (slug, position, all) {
        return bySlug[slug] && all.indexOf(slug) === position;
      });
      showChoice(form, chosen, bySlug);
      form.addEventListener("submit", function (event) {
        var picked = readChoice(form, byName);
        var problem = picked.unknown.length
          ? "No area is called " + picked.unknown.join(", ") + ". Choose names from the list."
          : picked.slugs.length < 2 || picked.slugs.length > max ? "Choose between two and " + max + " areas to compare." : "";
        if (problem) {
          event.preventDefault();
          errorBox.textContent = problem;
          errorBox.hidden = false;
          errorBox.focus();
          return;
        }
        if (form.querySelector("[data-pick]")) {
          // Text boxes hold names: send their slugs instead, as the checkboxes do.
          event.preventDefault();
          var query = new URLSearchParams();
          picked.slugs.forEach(function (slug) { query.append("areas", slug); });
          location.search = query.toString();
        }
      });
      if (chosen.length < 2) {
        return;
      }
      result.textContent = "Loading the comparison…";
      return Promise.all(chosen.map(function (slug) {
        return fetchJson(new URL(bySlug[slug].data, root));
      })).then(function (areas) {
        draw(result, index, areas, root);
        document.getElementById("compare-heading").focus();
      });
    }).catch(function () {
      result.textContent = "The comparison could not be loaded. The comparisons listed below work without it.";
    });
  }

  function fetchJson(url) {
    return fetch(url).then(function (response) {
      if (!response.ok) {
        throw new Error(response.status + " " + url);
      }
      return response.json();
    });
  }

  function showChoice(form, chosen, bySlug) {
    form.querySelectorAll("input[type=checkbox]").forEach(function (box) {
      box.checked = chosen.indexOf(box.value) !== -1;
    });
    form.querySelectorAll("[data-pick]").forEach(function (input, position) {
      input.value = chosen[position] ? bySlug[chosen[position]].name : "";
    });
  }

  function readChoice(form, byName) {
    var slugs = [];
    var unknown = [];
    form.querySelectorAll("input[type=checkbox]:checked").forEach(function (box) {
      slugs.push(box.value);
    });
    form.querySelectorAll("[data-pick]").forEach(function (input) {
      var name = input.value.trim();
      if (!name) {
        return;
      }
      var area = byName[name.toLowerCase()];
      if (!area) {
        unknown.push("“" + name + "”");
      } else if (slugs.indexOf(area.slug) === -1) {
        slugs.push(area.slug);
      }
    });
    return { slugs: slugs, unknown: unknown };
  }

  // Every item of an area, with its kind and the themes it is on (follow-up items included).
  function itemsOf(area) {
    var all = area.findings.concat(area.recommendations);
    if (area.follow_up) {
      all = all.concat(area.follow_up.findings, area.follow_up.recommendations);
    }
    return all;
  }

  function counts(items) {
    var words = [];
    KINDS.forEach(function (kind) {
      var count = items.filter(function (item) { return item.kind === kind[0]; }).length;
      if (count) {
        words.push(count + " " + (count === 1 ? kind[1] : kind[2]));
      }
    });
    return words.length ? words.join(", ") : "Not raised";
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

  function link(url, text, root) {
    return element("a", { href: new URL(url, root).href }, [text]);
  }

  function draw(result, index, areas, root) {
    var pages = {};
    index.areas.forEach(function (area) { pages[area.slug] = area.url; });
    var names = areas.map(function (area) { return area.name; });
    var byTheme = areas.map(function (area) {
      var themes = {};
      itemsOf(area).forEach(function (item) {
        item.themes.forEach(function (theme) {
          (themes[theme] = themes[theme] || []).push(item);
        });
      });
      return themes;
    });
    var themes = index.themes.filter(function (theme) {
      return byTheme.some(function (found) { return found[theme.slug]; });
    });
    var title = names.slice(0, -1).join(", ") + " and " + names[names.length - 1] + " compared";
    var parts = [element("h2", { id: "compare-heading", tabindex: "-1" }, [title])];
    if (areas.length === 2) {
      var pair = "compare/" + [areas[0].slug, areas[1].slug].sort().join("--") + "/";
      if (index.pairs.indexOf(pair) !== -1) {
        parts.push(element("p", {}, ["This comparison is also ", link(pair, "a page of its own", root), "."]));
      }
    }
    if (!themes.length) {
      parts.push(element("p", { "class": "unknown" }, ["No finding or recommendation is recorded for these areas."]));
      result.replaceChildren.apply(result, parts);
      return;
    }
    var head = element("tr", {}, [element("th", { scope: "col" }, ["Theme"])].concat(areas.map(function (area) {
      return element("th", { scope: "col" }, [link(pages[area.slug], area.name, root)]);
    })));
    var rows = themes.map(function (theme) {
      return element("tr", {}, [element("th", { scope: "row" }, [element("a", { href: "#result-" + theme.slug }, [theme.title])])].concat(
        byTheme.map(function (found) {
          var items = found[theme.slug] || [];
          return element("td", items.length ? {} : { "class": "not-raised" }, [counts(items)]);
        })));
    });
    parts.push(element("div", { "class": "table-scroll", role: "region", "aria-labelledby": "compare-caption", tabindex: "0" }, [
      element("table", { "class": "compare-table" }, [
        element("caption", { id: "compare-caption" }, ["Items recorded on each theme"]),
        element("thead", {}, [head]),
        element("tbody", {}, rows)
      ])
    ]));
    themes.forEach(function (theme) {
      var columns = areas.map(function (area, position) {
        var items = byTheme[position][theme.slug] || [];
        var body = items.length
          ? element("ul", { "class": "items" }, items.map(function (item) {
            var anchor = item.url.split("#")[1];
            return element("li", { "class": "item item-" + item.kind }, [
              element("a", { "class": "permalink", href: new URL(pages[area.slug] + "#" + anchor, root).href }, [item.label]),
              " ",
              element("span", { "class": "item-text" }, [item.text])
            ]);
          }))
          : element("p", { "class": "unknown" }, ["Nothing recorded on this theme."]);
        return element("div", { "class": "compare-column" }, [
          element("h4", {}, [area.name + " ", element("span", { "class": "compare-counts" }, [counts(items)])]),
          body
        ]);
      });
      parts.push(element("section", { "class": "compare-theme", "aria-labelledby": "result-" + theme.slug }, [
        element("h3", { id: "result-" + theme.slug }, [link(theme.url, theme.title, root)]),
        element("div", { "class": "compare-columns compare-columns-" + areas.length }, columns)
      ]));
    });
    result.replaceChildren.apply(result, parts);
    document.title = title + " · " + document.title.split(" · ").slice(-1)[0];
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
