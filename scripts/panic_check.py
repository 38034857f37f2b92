"""Lists the panic machinery left in a wasm module, from its name section, and fails when it
holds any beyond the allocator's out-of-memory path.

A panic inside WebAssembly kills the module for the whole page. Library code is linted against
unwrap/expect/indexing/panic; this checks the result: a new panicking call anywhere in a
module shows up here as `panic_bounds_check`, `unwrap_failed`, `slice_index_fail`, ...

Usage: python3 scripts/panic_check.py MODULE.wasm [--report-only]
"""

import re
import sys

# Reachable only when an allocation fails or a capacity overflows isize: not from any input.
ALLOWED = {"panic_fmt", "panic_nounwind_fmt", "capacity_overflow", "handle_error", "handle_alloc_error", "rust_oom"}
# The standard routines the crate uses where they provably cannot panic on its inputs (a module
# built with the same code minus these routines holds none of these names):
# - the std sorts (`sort`, `sort_by`, `sort_unstable`): `panic_on_ord_violation`, and the
#   `slice_index_fail` of their merge, fire only for a comparison that is not a total order; the
#   crate sorts `&str`, `u64` and derived `Ord` keys, all total orders;
# - `concat` / `join` of `&str`: `expect_failed` fires when the summed length overflows usize;
#   the crate joins a few strings of at most a few kilobytes.
# The crate's own code cannot add any of them: clippy denies indexing, slicing, unwrap, expect
# and panic in library code.
ALLOWED |= {"panic_on_ord_violation", "slice_index_fail", "expect_failed"}
# Bounds checks the compiler leaves inside third-party code the `events` feature brings, each
# on indices that do not depend on the input: allowed only when every caller of the panic is one
# of these functions (the callers are read from the module's text by binaryen's wasm-dis).
# - aes's software backend (wasm32 has no AES instructions): its fixslice key schedule and
#   rounds index fixed-size arrays with loop counters;
# - base64's decoder: it writes into a buffer it sized from the input's length before decoding;
# - serde_json's string escaping (`ser::format_escaped_str_contents`): `split_first().unwrap()`
#   on the rest of a string inside `while i < bytes.len()`, which holds the byte at `i`; and
#   `core::panicking::panic` when `Option::unwrap_failed` is its only caller.
ALLOWED_CALLERS = {
    # Matched on the mangled names: `aes8backends4soft8fixslice...`, `..aes..backends..soft..fixslice..`,
    # `..base64..engine..general_purpose..GeneralPurpose..Engine..15internal_decode`.
    "panic_bounds_check": re.compile(r"aes(8|\.\.)backends(4|\.\.)soft(8|\.\.)fixslice|base64\.\.engine\.\..*15internal_decode"),
    "unwrap_failed": re.compile(r"serde_json(3|\.\.)ser(27|\.\.)format_escaped_str_contents"),
    "panic": re.compile(r"core(6|\.\.)option(13|\.\.)unwrap_failed"),
}
PANICKY = re.compile(r"panic|unwrap_failed|expect_failed|_fail\b|fail_rt|len_mismatch|overflow|unreachable")


def leb(data, i):
    result = shift = 0
    while True:
        byte = data[i]
        i += 1
        result |= (byte & 0x7F) << shift
        shift += 7
        if byte < 0x80:
            return result, i


def function_names(data):
    i = 8
    while i < len(data):
        section, i = data[i], i + 1
        size, i = leb(data, i)
        end = i + size
        if section == 0:
            name_len, j = leb(data, i)
            if data[j:j + name_len] == b"name":
                j += name_len
                while j < end:
                    sub, j = data[j], j + 1
                    sub_size, j = leb(data, j)
                    if sub == 1:
                        count, k = leb(data, j)
                        for _ in range(count):
                            _, k = leb(data, k)
                            n, k = leb(data, k)
                            yield data[k:k + n].decode("utf-8", "replace")
                            k += n
                    j += sub_size
        i = end


def readable(name):
    """core::panicking::panic_fmt from a mangled symbol (v0 `_RNv...` or legacy `_ZN...E`)."""
    if not name.startswith(("_R", "_ZN")):
        return re.sub(r"\[[0-9a-f]+\]", "", re.sub(r"::h[0-9a-f]{16}$", "", name))
    name = re.sub(r"Cs[0-9A-Za-z]*_", "C", name)  # crate disambiguators
    parts, i = [], 2
    while i < len(name):
        m = re.match(r"(\d+)_?", name[i:])
        if not m:
            i += 1
            continue
        n, start = int(m.group(1)), i + m.end()
        ident = name[start:start + n]
        if n and re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", ident) and not re.fullmatch(r"h[0-9a-f]{16}", ident):
            parts.append(ident)
            i = start + n
        else:
            i += m.end()
    return "::".join(parts) or name


def short(name):
    return readable(name).rsplit("::", 1)[-1]


def callers(path, panic):
    """The functions that call `panic`, read from the module's text (binaryen's wasm-dis)."""
    import os
    import subprocess
    tool = os.path.join(os.path.dirname(__file__), "..", "node_modules", ".bin", "wasm-dis")
    text = subprocess.run([tool, path], capture_output=True, text=True, check=True).stdout
    found, current = set(), None
    for line in text.splitlines():
        m = re.match(r"\s*\(func \$(\S+)", line)
        if m:
            current = m.group(1)
        elif "(call $" in line and current and short(line.split("(call $", 1)[1].split()[0].rstrip(")")) == panic:
            found.add(current)
    return found


def only_allowed_callers(path, panic):
    allowed = ALLOWED_CALLERS.get(panic)
    if not allowed:
        return False
    who = callers(path, panic)
    for name in sorted(who):
        print(f"  {panic} called from {name}{'' if allowed.search(name) else '  <- not allowed'}")
    return bool(who) and all(allowed.search(name) for name in who)


def main():
    path, report_only = sys.argv[1], "--report-only" in sys.argv
    names = list(function_names(open(path, "rb").read()))
    if not names:
        sys.exit(f"{path}: no name section (build without stripping symbols)")
    found = sorted({readable(n) for n in names if PANICKY.search(short(n))})
    bad = [n for n in found if short(n) not in ALLOWED and not only_allowed_callers(path, short(n))]
    print(f"{path}: {len(names)} functions; panic machinery: {', '.join(short(n) for n in found) or 'none'}")
    if bad and not report_only:
        print("FAIL: panicking code reachable from the exports:\n  " + "\n  ".join(bad), file=sys.stderr)
        sys.exit(1)


main()
