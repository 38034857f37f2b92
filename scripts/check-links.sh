#!/usr/bin/env bash
# Checks that every relative link and image of README.md and docs/*.md points to a file that
# exists, and every #anchor to a heading of its target. Offline: web addresses are not fetched.
# Usage: scripts/check-links.sh [FILE.md ...]   (default: README.md docs/*.md)
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "$#" -eq 0 ]; then
  set -- README.md docs/*.md
fi

exec python3 - "$@" <<'PY'
import os
import re
import sys
from urllib.parse import unquote

FENCE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")
HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
INLINE_CODE = re.compile(r"(`+)(?:(?!\1).)+?\1")
# [text](target "title") and ![alt](target); the target may be in <angle brackets>.
LINK = re.compile(r"!?\[(?:[^\]\\]|\\.)*\]\(\s*(<[^>]*>|[^)\s]+)(?:\s+\"[^\"]*\")?\s*\)")
REFERENCE = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*(\S+)")
HTML = re.compile(r"<(?:a|img)\b[^>]*?\b(?:href|src)\s*=\s*[\"']([^\"']+)[\"']", re.I)
EXTERNAL = re.compile(r"^[a-z][a-z0-9+.-]*:", re.I)  # http:, https:, mailto:, ...


def lines_outside_code(text, blank_inline_code=True):
    """(line number, line) for every line not inside a fenced code block, inline code blanked
    unless told otherwise (headings keep it: it is part of their anchor)."""
    fence = None
    for number, line in enumerate(text.splitlines(), 1):
        m = FENCE.match(line)
        if fence:
            if m and m.group(1)[0] == fence[0] and len(m.group(1)) >= len(fence):
                fence = None
            continue
        if m:
            fence = m.group(1)
            continue
        yield number, INLINE_CODE.sub(lambda c: " " * len(c.group(0)), line) if blank_inline_code else line


def slug(heading):
    """GitHub's anchor for a heading: lower case, punctuation dropped, spaces as hyphens."""
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", heading)  # links: their text
    text = re.sub(r"<[^>]+>", "", text).strip().lower()
    text = re.sub(r"[^\w\- ]", "", text)
    return text.replace(" ", "-")


anchors_cache = {}


def anchors(path):
    if path not in anchors_cache:
        found, seen = set(), {}
        with open(path, encoding="utf-8") as f:
            text = f.read()
        for _, line in lines_outside_code(text, blank_inline_code=False):
            h = HEADING.match(line)
            if h:
                base = slug(h.group(2))
                n = seen.get(base, 0)
                seen[base] = n + 1
                found.add(base if n == 0 else f"{base}-{n}")
        found.update(re.findall(r"<a\s+(?:name|id)=[\"']([^\"']+)[\"']", text))
        anchors_cache[path] = found
    return anchors_cache[path]


def targets(line):
    for pattern in (LINK, HTML):
        for m in pattern.finditer(line):
            yield m.group(1).strip("<>")
    m = REFERENCE.match(line)
    if m:
        yield m.group(1).strip("<>")


problems, checked = [], 0
for source in sys.argv[1:]:
    with open(source, encoding="utf-8") as f:
        text = f.read()
    for number, line in lines_outside_code(text):
        for target in targets(line):
            if EXTERNAL.match(target) or target.startswith("//"):
                continue
            checked += 1
            where = f"{source}:{number}: {target}"
            path, _, anchor = target.partition("#")
            path = unquote(path.split("?", 1)[0])
            if path.startswith("/"):
                problems.append(f"{where}: an absolute path (use a path relative to the file)")
                continue
            resolved = os.path.normpath(os.path.join(os.path.dirname(source), path)) if path else source
            if not os.path.exists(resolved):
                problems.append(f"{where}: {resolved} does not exist")
                continue
            if anchor and resolved.endswith(".md") and os.path.isfile(resolved):
                if unquote(anchor).lower() not in anchors(resolved):
                    problems.append(f"{where}: no heading #{anchor} in {resolved}")

for p in problems:
    print(p, file=sys.stderr)
if problems:
    print(f"check-links: {len(problems)} broken of {checked} relative links", file=sys.stderr)
    sys.exit(1)
print(f"check-links: {checked} relative links in {len(sys.argv) - 1} files, all found")
PY
