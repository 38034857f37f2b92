"""Checks that the files of src/ form a one-way house: no import cycle among them, and nothing
imports the layers that sit on top (the wasm bindings, the npm exports, the server) from below.

An edge is a `crate::`, `super::` or `self::` path in a file, resolved to the file of its module;
a module's edges to its own descendants (its re-exports) and everything from the first
`#[cfg(test)]` on are left out. The CLI and the demo (src/bin/) are not modules of the crate.

Usage, from the repository root: python3 scripts/check_layers.py [src]
"""

import os
import re
import sys

# Layers a module below them must never import: (the top module, who may import it).
TOP = {
    ("wasm",): set(),
    ("exports",): {("wasm",)},
    ("server",): set(),
}

REF = re.compile(r"\b(crate|super|self)((?:::[A-Za-z_][A-Za-z0-9_]*)+)")
GROUP = re.compile(r"\b(crate|super|self)((?:::[a-z_][a-z0-9_]*)*)::\{([^}]*)\}", re.S)


def modules(root):
    mods = {}
    for d, _, files in os.walk(root):
        for f in files:
            if not f.endswith(".rs"):
                continue
            path = os.path.relpath(os.path.join(d, f), root)
            if path.startswith("bin" + os.sep):
                continue
            parts = path[:-3].split(os.sep)
            if parts[-1] in ("mod", "lib", "main"):
                parts = parts[:-1]
            mods[tuple(parts)] = os.path.join(d, f)
    return mods


def edges_of(mods):
    def resolve(path):
        path = tuple(path)
        while path and path not in mods:
            path = path[:-1]
        return path if path in mods else None

    edges = {m: set() for m in mods}
    for m, f in mods.items():
        src = open(f, encoding="utf-8").read()
        cut = src.find("#[cfg(test)]")
        if cut >= 0:
            src = src[:cut]
        src = re.sub(r"//[^\n]*", "", src)

        def base(kind):
            return [] if kind == "crate" else list(m) if kind == "self" else list(m[:-1])

        targets = [base(k) + [s for s in rest.split("::") if s] for k, rest in REF.findall(src)]
        for kind, rest, inner in GROUP.findall(src):
            prefix = base(kind) + [s for s in rest.split("::") if s]
            for item in inner.split(","):
                item = item.strip().split(" as ")[0].strip()
                if item:
                    targets.append(prefix + [s for s in item.split("::") if s and s != "self"])
        for t in targets:
            r = resolve(t)
            if r is not None and r != m and r[: len(m)] != m:
                edges[m].add(r)
    return edges


def cycles(mods, edges):
    index, low, on, stack, found, n = {}, {}, set(), [], [], [0]
    sys.setrecursionlimit(10000)

    def strong(v):
        index[v] = low[v] = n[0]
        n[0] += 1
        stack.append(v)
        on.add(v)
        for w in edges[v]:
            if w not in index:
                strong(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            c = []
            while True:
                w = stack.pop()
                on.discard(w)
                c.append(w)
                if w == v:
                    break
            if len(c) > 1:
                found.append(c)

    for v in mods:
        if v not in index:
            strong(v)
    return found


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else "src"
    mods = modules(root)
    edges = edges_of(mods)
    name = lambda m: os.path.relpath(mods[m], root)
    problems = []
    for c in cycles(mods, edges):
        problems.append("import cycle: " + " <-> ".join(sorted(name(x) for x in c)))
    for m, targets in edges.items():
        for t in targets:
            for top, allowed in TOP.items():
                inside = m[: len(top)] == top or m == ()
                if t[: len(top)] == top and not inside and m not in allowed:
                    problems.append(f"{name(m)} imports {name(t)}, a layer above it")
    for p in problems:
        print(p)
    print(f"{len(problems)} problems among {len(mods)} files of {root}/")
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
