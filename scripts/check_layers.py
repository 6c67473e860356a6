#!/usr/bin/env python3
"""The layering check: a component includes only headers of the components it may use.

A component is a folder: src/<c>/ (sources and private headers) and
include/skywitness/<c>/ (public headers). cmake/components.txt, the one table
of the layering (CMakeLists.txt links the targets from it), gives each
component a layer and the components it may use: PUBLIC (its public headers
include theirs), PRIVATE (only its sources do) and TOLERATED (a known
violation, to be fixed). This script fails (exit 1) when

  - a file of a component includes a header of a component not on its line;
  - a public header includes a header of a component that is on its line as
    PRIVATE (users of the component would not get it);
  - a TOLERATED use is no longer in the sources (remove the word with it);
  - the table itself breaks the layering: a PUBLIC or PRIVATE use of a
    component of the same layer or above, an unknown component, a folder under
    src/ or include/skywitness/ without a line;
  - docs/architecture.md's generated block differs from the table
    (--update-doc rewrites it).

Run by ctest (`layers`) and by scripts/test.sh format.
  scripts/check_layers.py              check (the tree of this script)
  scripts/check_layers.py --root DIR   check another tree (a copy)
  scripts/check_layers.py --edges      print every include edge between components, with its files
  scripts/check_layers.py --update-doc rewrite the block in docs/architecture.md
"""

import argparse
import os
import re
import sys
from collections import defaultdict

TABLE = "cmake/components.txt"
DOC = "docs/architecture.md"
DOC_BEGIN = "<!-- components:begin (generated from cmake/components.txt by scripts/check_layers.py --update-doc; the layers test checks it) -->"
DOC_END = "<!-- components:end -->"
SOURCE_SUFFIXES = (".cpp", ".cc", ".cxx", ".hpp", ".h", ".hh", ".ipp", ".inc")
INCLUDE_RE = re.compile(r'^\s*#\s*include\s*([<"])([^>"]+)[>"]')
KINDS = ("PUBLIC", "PRIVATE", "TOLERATED")


class Component:
    def __init__(self, name, layer, line_no):
        self.name = name
        self.layer = layer
        self.line_no = line_no
        self.uses = {kind: [] for kind in KINDS}

    def kind_of(self, other):
        for kind in KINDS:
            if other in self.uses[kind]:
                return kind
        return None

    def all_uses(self):
        return [d for kind in KINDS for d in self.uses[kind]]


def read_table(path, errors):
    components = {}
    with open(path, encoding="utf-8") as f:
        for line_no, raw in enumerate(f, 1):
            line = raw.split("#", 1)[0].strip()
            if not line:
                continue
            where = f"{TABLE}:{line_no}"
            fields = line.split()
            if len(fields) < 2 or not fields[1].isdigit():
                errors.append(f"{where}: '{line}': expected NAME LAYER [PUBLIC|PRIVATE|TOLERATED NAME...]")
                continue
            name = fields[0]
            if name in components:
                errors.append(f"{where}: {name} has a line already ({TABLE}:{components[name].line_no})")
                continue
            c = Component(name, int(fields[1]), line_no)
            kind = None
            for field in fields[2:]:
                if field in KINDS:
                    kind = field
                elif kind is None:
                    errors.append(f"{where}: '{field}' before PUBLIC, PRIVATE or TOLERATED")
                elif c.kind_of(field):
                    errors.append(f"{where}: {name} names {field} twice")
                else:
                    c.uses[kind].append(field)
            components[name] = c
    for c in components.values():
        where = f"{TABLE}:{c.line_no}"
        for kind in KINDS:
            for d in c.uses[kind]:
                if d == c.name:
                    errors.append(f"{where}: {c.name} names itself")
                elif d not in components:
                    errors.append(f"{where}: {c.name} uses {d}, which has no line in the table")
                elif kind != "TOLERATED" and components[d].layer >= c.layer:
                    errors.append(
                        f"{where}: {c.name} (layer {c.layer}) may not use {d} (layer {components[d].layer}): "
                        f"a component uses only lower layers")
    return components


def component_of(rel):
    """(component, is_public_header) of a path relative to the root, or None."""
    parts = rel.split("/")
    if len(parts) >= 3 and parts[0] == "src":
        return parts[1], False
    if len(parts) >= 4 and parts[0] == "include" and parts[1] == "skywitness":
        return parts[2], True
    return None


def component_files(root):
    """Every source and header of every component folder: (relative path, component, public)."""
    out = []
    folders = set()
    for base in ("src", "include/skywitness"):
        top = os.path.join(root, base)
        if not os.path.isdir(top):
            continue
        for entry in sorted(os.listdir(top)):
            if not os.path.isdir(os.path.join(top, entry)):
                continue
            folders.add((entry, f"{base}/{entry}/"))
            for dirpath, dirnames, filenames in os.walk(os.path.join(top, entry)):
                dirnames.sort()
                for fn in sorted(filenames):
                    if fn.endswith(SOURCE_SUFFIXES):
                        rel = os.path.relpath(os.path.join(dirpath, fn), root).replace(os.sep, "/")
                        c, public = component_of(rel)
                        out.append((rel, c, public))
    return out, folders


def include_edges(root, files, errors):
    """Every include of one component's file of another component's header: (from, to, file, line, header)."""
    edges = []
    for rel, c, public in files:
        with open(os.path.join(root, rel), encoding="utf-8", errors="replace") as f:
            for line_no, line in enumerate(f, 1):
                m = INCLUDE_RE.match(line)
                if not m:
                    continue
                delim, header = m.groups()
                target = None
                if header.startswith("skywitness/"):
                    parts = header.split("/")
                    if len(parts) >= 3:
                        target = parts[1]
                elif delim == '"':
                    # A quoted path is looked up beside the file first.
                    resolved = os.path.normpath(os.path.join(os.path.dirname(os.path.join(root, rel)), header))
                    if os.path.exists(resolved):
                        r = os.path.relpath(resolved, root).replace(os.sep, "/")
                        owner = component_of(r)
                        if owner is None:
                            errors.append(f"{rel}:{line_no}: includes {header} ({r}), outside the components")
                        else:
                            target = owner[0]
                if target is not None and target != c:
                    edges.append((c, target, rel, line_no, header, public))
    return edges


def mermaid_and_table(components):
    names = list(components)
    layers = sorted({c.layer for c in components.values()})
    all_use_core = "core" in components and all(
        c.kind_of("core") for c in components.values() if c.name != "core")
    out = ["```mermaid", "flowchart BT"]
    for layer in layers:
        members = [n for n in names if components[n].layer == layer]
        out.append(f'  subgraph layer{layer}["layer {layer}"]')
        out.append("    " + " & ".join(members) if len(members) > 1 else "    " + members[0])
        out.append("  end")
    for n in names:
        c = components[n]
        for kind, arrow in (("PUBLIC", "-->"), ("PRIVATE", "-.->"), ("TOLERATED", "-. tolerated .->")):
            for d in c.uses[kind]:
                if d == "core" and all_use_core:
                    continue
                out.append(f"  {n} {arrow} {d}")
    out.append("```")
    out.append("")
    legend = "A solid arrow is a PUBLIC use, a dotted one a PRIVATE use."
    if all_use_core:
        legend += " Every component uses core; those arrows are left out."
    out.append(legend)
    out.append("")
    out.append("| layer | component | PUBLIC (its headers include them) | PRIVATE (its sources only) | TOLERATED (to fix) |")
    out.append("|---|---|---|---|---|")
    for n in names:
        c = components[n]
        cells = [" ".join(c.uses[k]) or "" for k in KINDS]
        out.append(f"| {c.layer} | {n} | {cells[0]} | {cells[1]} | {cells[2]} |")
    return "\n".join(out) + "\n"


def doc_block(components):
    return f"{DOC_BEGIN}\n{mermaid_and_table(components)}{DOC_END}"


def check_doc(root, components, update, errors):
    path = os.path.join(root, DOC)
    if not os.path.exists(path):
        errors.append(f"{DOC}: missing (the picture of the components)")
        return
    with open(path, encoding="utf-8") as f:
        text = f.read()
    begin, end = text.find(DOC_BEGIN), text.find(DOC_END)
    if begin < 0 or end < begin:
        errors.append(f"{DOC}: no generated block ({DOC_BEGIN} ... {DOC_END})")
        return
    current = text[begin:end + len(DOC_END)]
    wanted = doc_block(components)
    if current == wanted:
        return
    if update:
        with open(path, "w", encoding="utf-8") as f:
            f.write(text[:begin] + wanted + text[end + len(DOC_END):])
        print(f"{DOC}: rewrote the components block")
        return
    errors.append(f"{DOC}: the components block differs from {TABLE}: run scripts/check_layers.py --update-doc")


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--root", default=os.path.dirname(here), help="the source tree (default: this script's)")
    ap.add_argument("--edges", action="store_true", help="print the include edges between components")
    ap.add_argument("--update-doc", action="store_true", help=f"rewrite the generated block of {DOC}")
    args = ap.parse_args()
    root = args.root
    errors = []
    components = read_table(os.path.join(root, TABLE), errors)
    files, folders = component_files(root)
    for name, folder in sorted(folders):
        if name not in components:
            errors.append(f"{folder}: component {name} has no line in {TABLE}")
    edges = include_edges(root, files, errors)

    if args.edges:
        by_pair = defaultdict(list)
        for c, d, rel, line_no, header, public in edges:
            by_pair[(c, d)].append(f"{rel}:{line_no} {header}")
        for (c, d), where in sorted(by_pair.items()):
            kind = components[c].kind_of(d) if c in components else None
            print(f"{c} -> {d}  [{kind or 'NOT ALLOWED'}]")
            for w in where:
                print(f"    {w}")

    used = set()
    tolerated = []
    for c, d, rel, line_no, header, public in edges:
        if c not in components:
            continue  # reported above
        if d not in components:
            errors.append(f"{rel}:{line_no}: includes {header}: no component {d} in {TABLE}")
            continue
        used.add((c, d))
        kind = components[c].kind_of(d)
        if kind is None:
            if components[d].layer < components[c].layer:
                hint = f"if {c} should use {d}, add it to {c}'s line in {TABLE}"
            else:
                hint = (f"{d} is layer {components[d].layer}, {c} layer {components[c].layer}: "
                        f"a component uses only lower layers")
            errors.append(f"{rel}:{line_no}: {c} may not include {header} ({d}): {hint}")
        elif kind == "TOLERATED":
            tolerated.append(f"{rel}:{line_no}: {c} -> {d} ({header}): tolerated layering violation, to fix")
        elif public and kind == "PRIVATE":
            errors.append(f"{rel}:{line_no}: the public header includes {header}: "
                          f"make {d} PUBLIC on {c}'s line in {TABLE}")
    for c in components.values():
        for d in c.uses["TOLERATED"]:
            if (c.name, d) not in used:
                errors.append(f"{TABLE}:{c.line_no}: {c.name} no longer includes {d}'s headers: "
                              f"remove 'TOLERATED {d}' (or the word TOLERATED)")

    check_doc(root, components, args.update_doc, errors)

    for t in tolerated:
        print(t)
    if errors:
        for e in errors:
            print(e, file=sys.stderr)
        print(f"layers: {len(errors)} problem(s)", file=sys.stderr)
        return 1
    print(f"layers: {len(components)} components, {len(files)} files, {len(used)} component edges: ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
