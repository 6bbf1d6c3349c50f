"""Index search records with Pagefind and return the files of the index.

Pagefind (PyPI `pagefind`, whose `pagefind[bin]` extra brings the binary) makes a static search
index split into small chunks, which its browser library (`pagefind.js`, part of the index)
fetches as a search needs them, so a search costs a few kilobytes at any size of site.

We talk to the binary's service (`pagefind --service`) with the same messages as the package's
Python API (`PagefindIndex.add_custom_record`, `get_files`), but send them all at once: that
client waits a tenth of a second for each reply, which is 20 seconds for this site's 200 items
and over an hour for 50,000. The index is built in memory and returned as bytes, so the build
writes it like any other output (staged, then swapped in whole).
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import json
import os
import re
import selectors
import subprocess
import tempfile
import threading
from collections.abc import Iterable, Sequence

import cbor2

from reviewsite.errors import BuildCancelled, BuildFailed, ContentError, SourcePos
from reviewsite.search import SearchRecord

LANGUAGE = "en"
# The parts of Pagefind's output the search page uses: its library and worker, the entry file,
# the language's metadata and WebAssembly, and the chunks. Its ready-made UIs are left out.
SHIPPED = re.compile(r"pagefind\.js|pagefind-worker\.js|pagefind-entry\.json|pagefind\.[\w-]+\.pf_meta|wasm\.[\w-]+\.pagefind"
                     r"|(?:index|filter|fragment)/[\w.-]+")
_POLL_SECONDS = 0.01  # how soon a cancelled indexing stops: the preview's next save waits for it


def pagefind_version() -> str:
    """Return the version of the Pagefind binary in use, which an index depends on too."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("pagefind_bin")
    except PackageNotFoundError:
        return "unknown"


IndexCancelled = BuildCancelled  # indexing was stopped because its result was no longer wanted


def index_records(records: Sequence[SearchRecord], cancel: threading.Event | None = None) -> dict[str, bytes]:
    """Return Pagefind's index of `records`: {path inside the index folder: bytes}.

    The same records in the same order give the same bytes. Raise IndexCancelled soon after
    `cancel` is set, and BuildFailed if Pagefind cannot be run or refuses a record.
    """
    service = _Service(cancel)
    try:
        index = service.exchange([{"type": "NewIndex", "config": {"force_language": LANGUAGE}}])[0]["index_id"]
        requests = [_add_record(index, record) for record in records]
        replies = service.exchange([*requests, {"type": "GetFiles", "index_id": index}])
    finally:
        service.close()
    refused = [(record, reply) for record, reply in zip(records, replies, strict=False) if reply.get("type") == "Error"]
    if refused or replies[-1].get("type") != "GetFiles":
        record, reply = refused[0] if refused else (None, replies[-1])
        where = f" (the record for {record.url})" if record else ""
        raise _failed(f"Pagefind refused the search index{where}: {reply.get('message', reply)}")
    return in_stable_order({file["path"]: base64.b64decode(file["content"]) for file in replies[-1]["files"] if SHIPPED.fullmatch(file["path"])})


def in_stable_order(files: dict[str, bytes]) -> dict[str, bytes]:
    """Return Pagefind's files with every filter's values, and the filters, in sorted order.

    Pagefind lists them in the order of a Rust hash map, which changes from run to run, and names
    each file by a digest of its bytes; so the filter files and the metadata that names them are
    written again here, sorted, under digests of their new bytes, and the entry file is made to
    name the new metadata. The same records then always give the same files.
    """
    renamed: dict[str, str] = {}
    stable: dict[str, bytes] = {}
    for path, data in files.items():
        if path.startswith("filter/"):
            name, values = _decode(data)
            data = _encode([name, sorted(values)])
            renamed[path[len("filter/"):-len(".pf_filter")]] = new = _hash_name(path, data, 7)
            path = f"filter/{new}.pf_filter"
        stable[path] = data
    for path in [path for path in stable if path.endswith(".pf_meta")]:
        meta = _decode(stable.pop(path))
        meta[3] = sorted([name, renamed[old]] for name, old in meta[3])
        data = _encode(meta)
        new = _hash_name(path, data, 10)
        stable[f"pagefind.{new}.pf_meta"] = data
        old = path[len("pagefind."):-len(".pf_meta")]
        stable["pagefind-entry.json"] = stable["pagefind-entry.json"].replace(f'"hash":"{old}"'.encode(), f'"hash":"{new}"'.encode(), 1)
    return dict(sorted(stable.items()))


# Pagefind's chunks are gzip-compressed CBOR after this signature.
_SIGNATURE = b"pagefind_dcd"


def _decode(data: bytes) -> list:
    raw = gzip.decompress(data)
    if not raw.startswith(_SIGNATURE):
        raise _failed("Pagefind wrote a file this version of the generator cannot read", hint="install the Pagefind version pyproject.toml names")
    return cbor2.loads(raw[len(_SIGNATURE):])


def _encode(value: list) -> bytes:
    return gzip.compress(_SIGNATURE + cbor2.dumps(value), mtime=0)


def _hash_name(path: str, data: bytes, length: int) -> str:
    """Return a file's name as Pagefind makes it (language, then a digest), for these bytes."""
    language = path.rsplit("/", 1)[-1].removeprefix("pagefind.").split("_", 1)[0]
    return f"{language}_{hashlib.sha256(gzip.decompress(data)).hexdigest()[:length]}"


def _add_record(index: int, record: SearchRecord) -> dict:
    return {"type": "AddRecord", "index_id": index, "url": record.url, "content": record.content, "language": LANGUAGE,
            "meta": dict(record.meta), "filters": {name: list(values) for name, values in record.filters}, "sort": None}


class _Service:
    """One `pagefind --service` process: base64 JSON messages, each followed by a comma, both ways."""

    def __init__(self, cancel: threading.Event | None) -> None:
        from pagefind.service import get_executable  # the binary from pagefind[bin], or PAGEFIND_BINARY_PATH

        self.cancel = cancel
        self.messages = 0
        executable = get_executable()
        if executable is None:
            raise _failed("the Pagefind binary was not found", hint="install the project's dependencies: pip install -e .")
        self.errors = tempfile.TemporaryFile()
        try:
            self.process = subprocess.Popen([str(executable), "--service"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self.errors)
        except OSError as error:
            self.errors.close()
            raise _failed(f"Pagefind could not be started: {error.strerror or error}") from None

    def exchange(self, payloads: Iterable[dict]) -> list[dict]:
        """Send every message, and return the replies in the order of the messages.

        Messages are written from a second thread while replies are read here, so neither
        side's pipe can fill up and stop the other.
        """
        encoded = []
        for payload in payloads:
            self.messages += 1
            encoded.append(base64.b64encode(json.dumps({"message_id": self.messages, "payload": payload}).encode("utf-8")) + b",")
        first = self.messages - len(encoded) + 1
        writer = threading.Thread(target=self._write, args=(encoded,), name="pagefind-requests", daemon=True)
        writer.start()
        try:
            replies = self._read(len(encoded))
        except BaseException:
            self.process.kill()  # so that the writer, if blocked, stops too
            raise
        finally:
            writer.join()
        return [replies[number] for number in range(first, first + len(encoded))]

    def _write(self, encoded: list[bytes]) -> None:
        try:
            self.process.stdin.write(b"".join(encoded))
            self.process.stdin.flush()
        except OSError:
            pass  # the process has ended; reading says why

    def _read(self, count: int) -> dict[int, dict]:
        replies: dict[int, dict] = {}
        pending: list[bytes] = []
        with selectors.DefaultSelector() as selector:
            selector.register(self.process.stdout, selectors.EVENT_READ)
            while len(replies) < count:
                if self.cancel is not None and self.cancel.is_set():
                    raise IndexCancelled()
                if not selector.select(_POLL_SECONDS):
                    continue
                chunk = os.read(self.process.stdout.fileno(), 1 << 20)
                if not chunk:
                    raise _failed(f"Pagefind stopped before it answered: {self._stderr()}")
                start = 0
                while (comma := chunk.find(b",", start)) >= 0:
                    reply = json.loads(base64.b64decode(b"".join(pending) + chunk[start:comma]))
                    if reply.get("message_id") is None:  # a message it could not read at all
                        raise _failed(f"Pagefind could not read a message: {reply.get('payload')}")
                    replies[reply["message_id"]] = reply["payload"]
                    pending.clear()
                    start = comma + 1
                pending.append(chunk[start:])
        return replies

    def _stderr(self) -> str:
        self.process.wait()
        self.errors.seek(0)
        text = self.errors.read().decode("utf-8", "replace").strip()
        return text or f"exit status {self.process.returncode}"

    def close(self) -> None:
        if self.process.stdin:
            try:
                self.process.stdin.close()
            except OSError:
                pass
        self.process.kill()
        self.process.wait()
        self.process.stdout.close()
        self.errors.close()


def _failed(message: str, hint: str | None = None) -> BuildFailed:
    return BuildFailed([ContentError(SourcePos("pagefind"), f"the search index cannot be built: {message}", hint=hint)])
