"""The command line, run in-process through main()."""

import logging
import re

import pytest
from conftest import REPO

from reviewsite.cli import main
from reviewsite.ledger import LEDGER_HEADER
from reviewsite.pipeline import BuildOptions
from reviewsite.serve import PreviewState, make_rebuild

# A build.py command as a message may quote it: what comes before `build.py`, and its first argument.
COMMAND = re.compile(r"([^\s`'\"]+ )?build\.py( [-a-z]+)?")


def run(site, *args):
    return main([*args], root=site.root)


def test_build_prints_what_it_built_and_how_long_it_took(site, capsys):
    assert run(site) == 0
    out = capsys.readouterr().out
    assert out.startswith("Built 34 pages (2 areas) and 59 other files into _site/ in ")  # 25 of them the search index
    assert (site.out_dir / "index.html").is_file()


def test_build_errors_go_to_stderr_with_exit_code_1(site, capsys):
    site.edit("content/areas/alpha.md", "wave: first", "wave: frist")
    assert run(site) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == "content/areas/alpha.md:3: 'frist' is not a known wave\n  hint: did you mean 'first'?\n1 error; nothing was written.\n"


def test_content_and_output_options(site, tmp_path, capsys):
    content = site.root / "content"
    other = tmp_path / "elsewhere"
    content.rename(other)
    out = tmp_path / "out"
    assert run(site, "--content", str(other), "--output", str(out)) == 0
    assert (out / "areas/alpha/index.html").is_file()
    assert f"into {out.as_posix()}/" in capsys.readouterr().out


def test_base_url_option(site):
    assert run(site, "--base-url", "https://example.org/reviews") == 0
    assert "https://example.org/reviews/areas/alpha/" in (site.out_dir / "data/reviews.json").read_text(encoding="utf-8")


def test_check_validates_without_touching_the_output(site, capsys):
    assert run(site, "check") == 0
    assert "No problems: 2 areas, 34 pages" in capsys.readouterr().out
    assert not site.out_dir.exists()


def test_check_finds_a_broken_link_and_a_missing_anchor_in_one_run(site, capsys):
    site.edit("content/areas/alpha.md", "[Beta Town](../beta/)", "[Beta Town](../gamma/)")
    site.edit("content/pages/about.md", "(/areas/alpha/#rec-joint-plan)", "(/areas/alpha/#rec-no-such-thing)")
    assert run(site, "check") == 1
    err = capsys.readouterr().err.splitlines()
    assert err == [
        "content/areas/alpha.md:76: broken link '../gamma/': there is no page at /areas/gamma/",
        "content/pages/about.md:7: broken link '/areas/alpha/#rec-no-such-thing': /areas/alpha/ has no element with id 'rec-no-such-thing'",
        "2 errors; fix them and check again.",
    ]
    assert not site.out_dir.exists()


def test_build_fails_on_a_broken_internal_link_in_a_template(built, capsys):
    template = built.read("templates/matrix.html")
    built.write("templates/matrix.html", template.replace('<p class="lede">', '<a href="#nowhere">x</a>\n<p class="lede">'))
    before = built.snapshot()
    assert run(built) == 1
    assert "_site/matrix/index.html:" in capsys.readouterr().err
    assert built.snapshot() == before


def test_template_errors_name_the_template_and_line(built, capsys):
    built.write("templates/404.html", '{% extends "base.html" %}\n{% block content %}\n{{ no_such_name }}\n{% endblock %}\n')
    assert run(built) == 1
    assert capsys.readouterr().err.startswith("templates/404.html:3: template error: 'no_such_name' is undefined")


def test_usage_errors_exit_2(site, capsys):
    with pytest.raises(SystemExit) as info:
        run(site, "new")
    assert info.value.code == 2
    assert "'new' needs the area's name" in capsys.readouterr().err


def test_an_output_folder_that_cannot_be_written_is_an_error_not_a_traceback(site, tmp_path, capsys):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    assert run(site, "--output", str(blocker / "site")) == 1
    err = capsys.readouterr().err
    assert "the site cannot be written" in err and err.rstrip().endswith("the previous site was left as it was.")


def test_serve_on_a_port_in_use_is_an_error_not_a_traceback(site, capsys):
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert run(site, "serve", "--port", str(port)) == 1
    assert f"cannot serve on http://127.0.0.1:{port}/" in capsys.readouterr().err


def test_a_template_that_is_not_utf8_is_an_error(built, capsys):
    built.path("templates/404.html").write_bytes(b"\xff\xfe broken")
    assert run(built) == 1
    assert capsys.readouterr().err.startswith("templates/404.html: the template (or one it uses) cannot be read")


def test_check_reports_link_and_url_contract_problems_together(built, capsys):
    built.edit("content/areas/alpha.md", "- id: joint-plan", "- id: single-plan")
    built.edit("content/pages/about.md", "(/areas/alpha/#rec-joint-plan)", "(/areas/alpha/#rec-nowhere)")
    assert run(built, "check") == 1
    lines = [line for line in capsys.readouterr().err.splitlines() if not line.startswith("  hint")]
    assert lines[0].startswith("content/pages/about.md:7: broken link '/areas/alpha/#rec-nowhere'")
    assert lines[1] == "content/published-urls.txt: 1 new public URL is not in the ledger yet: /areas/alpha/#rec-single-plan"
    assert lines[2].endswith(": the anchor #rec-joint-plan on /areas/alpha/ was published but is no longer built")
    assert lines[3] == "3 errors; fix them and check again."


@pytest.mark.parametrize("url", ["https://", "example.org", "https://example.org/reviews?x=1", "https://example.org/a b", "javascript:alert(1)"])
def test_base_url_option_is_checked(site, capsys, url):
    assert run(site, "--base-url", url) == 1
    assert capsys.readouterr().err.startswith(f"--base-url: '{url}' cannot be a site's address")


def test_link_errors_quote_each_link_as_written_at_its_own_line_with_a_suggestion(site, capsys):
    site.edit("content/areas/alpha.md", "[Beta Town](../beta/).", "[Beta Town](../beta/).\n\nSee [Beta](/areas/betta/) and\n[Beta again](/areas/betta/) and [the matrix](/matrix/#nope).")
    site.edit("content/pages/about.md", "## What this is", "## What this is {#main}")
    assert run(site, "check") == 1
    assert capsys.readouterr().err.splitlines() == [
        "content/areas/alpha.md:78: broken link '/areas/betta/': there is no page at /areas/betta/",
        "  hint: did you mean /areas/beta/?",
        "content/areas/alpha.md:79: broken link '/areas/betta/': there is no page at /areas/betta/",
        "  hint: did you mean /areas/beta/?",
        "content/areas/alpha.md:79: broken link '/matrix/#nope': /matrix/ has no element with id 'nope'",
        "content/pages/about.md:5: the heading id 'main' is already used on this page",
        "  hint: choose an id the page does not use for anything else",
        "4 errors; fix them and check again.",
    ]


@pytest.mark.parametrize("args", [["check", "--update-ledger"], ["new", "X", "--port", "9000"], ["build", "--port", "9000"], ["new", "X", "--base-url", "https://x.org"]])
def test_options_that_do_not_apply_are_usage_errors(site, capsys, args):
    with pytest.raises(SystemExit) as info:
        run(site, *args)
    assert info.value.code == 2
    assert "does not apply to" in capsys.readouterr().err


def test_check_never_speaks_of_writing_for_it_writes_nothing(site, capsys):
    site.edit("content/areas/alpha.md", "wave: first", "wave: frist")
    for args in (["check"], ["check", "--base-url", "example.org"]):
        assert run(site, *args) == 1
        err = capsys.readouterr().err
        assert err.endswith("1 error; fix it and check again.\n") and "written" not in err and "built" not in err
    assert not site.out_dir.exists()


def test_every_command_the_tool_suggests_is_written_as_the_readme_writes_it(site, capsys, caplog):
    readme = {match.group(0) for match in COMMAND.finditer((REPO / "README.md").read_text(encoding="utf-8")) if match.group(1)}
    texts = []
    with pytest.raises(SystemExit):
        run(site, "new")
    texts.append(capsys.readouterr().err)
    run(site, "new", "Ynys Môn")
    texts += [capsys.readouterr().out, site.read("content/areas/ynys-mon.md"), LEDGER_HEADER]
    run(site, "check")
    texts.append(capsys.readouterr().err)
    with caplog.at_level(logging.WARNING, logger="reviewsite.serve"):
        make_rebuild(site.project, BuildOptions(), PreviewState())()
    texts.append(caplog.text)
    site.write("content/areas/ynys-mon.md", site.read("content/areas/ynys-mon.md").replace("Not researched yet.", "Unknown.")
               .replace("A short summary, in your own words, of what the review found and recommended.", "A summary."))
    run(site, "check")
    texts.append(capsys.readouterr().err)
    suggested = [match.group(0) for text in texts for match in COMMAND.finditer(text)]
    assert {".venv/bin/python build.py", ".venv/bin/python build.py check", ".venv/bin/python build.py --update-ledger"} <= set(suggested)
    assert [command for command in suggested if command not in readme] == []
