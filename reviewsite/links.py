"""Check every internal link and #fragment against the URLs and ids the page plan declares.

Pages are not parsed: each page's `Linker` recorded the site URLs it linked to while it was
rendered, and the plan says which ids each page defines. A rendered page is read only to name
the line of a problem that is not the author's.
"""

from __future__ import annotations

import difflib
from collections import Counter, defaultdict
from collections.abc import Callable, Collection, Mapping

from reviewsite.errors import ContentError, SourcePos, did_you_mean
from reviewsite.markdown import link_scheme
from reviewsite.plan import Output, Plan
from reviewsite.urls import Linker, resolve_href

# Suggestions are worked out for this many distinct broken targets at most, so a build with
# thousands of broken links still fails fast.
MAX_HINTS = 50


def check_links(plan: Plan, linked: Mapping[str, frozenset[str]], read_page: Callable[[Output], str], label: str,
                only: Collection[str] | None = None, targets: LinkTargets | None = None) -> list[ContentError]:
    """Return an error for every link whose page or #fragment does not exist, and for every id
    a page would define twice.

    `linked` maps each page's URL to the site URLs it links to. What an author wrote (Markdown
    links, redirect targets) is reported at its file and line, quoted as written; other links at
    the rendered page (`label` names the output folder) and line, read with `read_page`.
    With `only`, just the pages at those URLs are checked (see targets_removed). `targets`, kept
    from the last check, is brought up to date with the plan rather than made again.
    """
    targets = targets if targets is not None else LinkTargets()
    targets.update(plan)
    errors: list[ContentError] = []
    checked: set[tuple[str, SourcePos]] = set()
    for output in plan.outputs:
        if only is not None and output.url not in only:
            continue
        errors += _duplicate_ids(output, read_page, label)
        written = set()
        for link in output.authored_links:
            written.add(link.target)
            if (link.target, link.pos) in checked:
                continue
            checked.add((link.target, link.pos))
            problem = targets.problem(link.target)
            if problem:
                errors.append(ContentError(link.pos, f"broken link '{link.written}': {problem[0]}", hint=problem[1]))
        for target in sorted(linked.get(output.url, frozenset()) - targets.valid - written):
            problem = targets.problem(target)
            if problem:
                errors.append(_page_error(output, Linker(output.url).href(target), problem, read_page, label))
        for href in output.template_links:
            if link_scheme(href) is None and not href.startswith("//"):
                target = resolve_href(output.path, href)
                problem = ("it leads outside the site", None) if target is None else targets.problem(target)
                if problem:
                    errors.append(_page_error(output, href, problem, read_page, label))
    return errors


def targets_removed(plan: Plan, previous: Mapping[str, tuple[str, ...]]) -> bool:
    """Return True if a page or id that the previous plan had (`previous`: URL -> ids) is gone.

    When none is, the links of pages that were not rendered again cannot have broken.
    """
    for url, anchors in previous.items():
        output = plan.by_url.get(url)
        if output is None or (output.anchors is not anchors and not set(anchors) <= set(output.anchors)):
            return True
    return False


def _page_error(output: Output, href: str, problem: tuple[str, str | None], read_page: Callable[[Output], str], label: str) -> ContentError:
    """Report a broken link at the rendered page's line: it is not the author's."""
    where = SourcePos(f"{label}/{output.path}", _line_of(read_page(output), f'="{href}"'))
    return ContentError(where, f"broken link '{href}': {problem[0]}", hint=problem[1])


def _duplicate_ids(output: Output, read_page: Callable[[Output], str], label: str) -> list[ContentError]:
    counts = Counter(output.anchors)
    if len(counts) == len(output.anchors):
        return []
    headings = dict(output.authored_ids)
    errors = []
    for anchor, count in counts.items():
        if count < 2:
            continue
        if anchor in headings:
            errors.append(ContentError(headings[anchor], f"the heading id '{anchor}' is already used on this page", hint="choose an id the page does not use for anything else"))
        else:
            text = read_page(output)
            first = text.find(f'id="{anchor}"')
            line = _line_of(text, f'id="{anchor}"', start=first + 1) if first >= 0 else None
            errors.append(ContentError(SourcePos(f"{label}/{output.path}", line), f"the id '{anchor}' is used twice on this page"))
    return errors


def _line_of(text: str, needle: str, start: int = 0) -> int | None:
    at = text.find(needle, start)
    return text.count("\n", 0, at) + 1 if at >= 0 else None


class LinkTargets:
    """What links may lead to: the planned URLs and the ids of each page.

    `update` brings it up to date with a plan; between the preview's rebuilds most outputs are
    the same objects with the same ids, so only the changed ones are gone through again.
    """

    def __init__(self) -> None:
        self.anchors: dict[str, tuple[str, ...]] = {}
        # Every URL a link may name exactly, so that most links are checked by one set difference.
        self.valid: set[str] = set()
        self._hints: dict[str, str | None] = {}
        self._folders: dict[str, dict[str, str]] | None = None

    def update(self, plan: Plan) -> None:
        old, new, valid = self.anchors, {}, self.valid
        for output in plan.outputs:
            url, anchors = output.url, output.anchors
            known = old.get(url)
            if known is None:
                valid.add(url)
                valid.update(f"{url}#{anchor}" for anchor in anchors)
            elif known is not anchors and known != anchors:
                valid.difference_update(f"{url}#{anchor}" for anchor in known)
                valid.update(f"{url}#{anchor}" for anchor in anchors)
            new[url] = anchors
        for url in old.keys() - new.keys():
            valid.discard(url)
            valid.difference_update(f"{url}#{anchor}" for anchor in old[url])
        self.anchors = new
        self._hints, self._folders = {}, None

    def problem(self, url: str) -> tuple[str, str | None] | None:
        """Return (what is wrong, a did-you-mean hint) for a broken site URL, else None."""
        target, _, fragment = url.partition("#")
        ids = self.anchors.get(target)
        if ids is None:
            ids = self.anchors.get(target + "/") if not target.endswith("/") and target else None
            if ids is None:
                return f"there is no page at /{target}", self._hint(url, lambda: self._nearest_page(target))
        if fragment and fragment not in ids:
            return f"/{target} has no element with id '{fragment}'", self._hint(url, lambda: did_you_mean(fragment, ids))
        return None

    def _hint(self, url: str, work: Callable[[], str | None]) -> str | None:
        if url not in self._hints:
            self._hints[url] = work() if len(self._hints) < MAX_HINTS else None
        return self._hints[url]

    def _nearest_page(self, target: str) -> str | None:
        """Suggest a page in the same folder whose last segment is spelt almost the same."""
        if self._folders is None:
            self._folders = defaultdict(dict)
            for url in self.anchors:
                folder, _, name = url.rstrip("/").rpartition("/")
                self._folders[folder][name] = url
        folder, _, name = target.rstrip("/").rpartition("/")
        siblings = self._folders.get(folder, {})
        close = difflib.get_close_matches(name, sorted(siblings), n=1, cutoff=0.75)
        return f"did you mean /{siblings[close[0]]}?" if close else None
