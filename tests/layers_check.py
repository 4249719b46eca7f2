#!/usr/bin/env python3
"""The layers depend one way only, and no file includes a layer its target
does not link: reads the acctseg_layer(...) lines of CMakeLists.txt, takes
the transitive closure of each layer's acctseg_* dependencies, and checks
every #include "LAYER/..." in src/LAYER/*.{h,cc} (tests excluded) and in
apps/ (which links acctseg_job) against it.
Usage: layers_check.py REPO_ROOT"""
import pathlib
import re
import sys

root = pathlib.Path(sys.argv[1])
cmake = (root / "CMakeLists.txt").read_text()
direct = {}
for name, folder, deps in re.findall(r"acctseg_layer\(acctseg_(\w+) (\w+)([^)]*)\)", cmake):
    direct[folder] = {d for d in re.findall(r"acctseg_(\w+)", deps)}


def closure(layer, seen=None):
    seen = set() if seen is None else seen
    for dep in direct.get(layer, ()):
        if dep not in seen:
            seen.add(dep)
            closure(dep, seen)
    return seen


problems = []
for layer in direct:
    if layer in closure(layer):
        problems.append(f"layer {layer} depends on itself (a cycle)")
include = re.compile(r'#include "(\w+)/')


def check(path, allowed, who):
    for number, line in enumerate(path.read_text().splitlines(), 1):
        m = include.match(line)
        if m and m.group(1) in direct and m.group(1) not in allowed:
            problems.append(f"{path.relative_to(root)}:{number}: {who} includes "
                            f"{m.group(1)}/ but does not link acctseg_{m.group(1)}")


for layer in direct:
    allowed = closure(layer) | {layer}
    for path in sorted((root / "src" / layer).glob("*")):
        if path.suffix in (".h", ".cc") and not path.name.endswith("_test.cc"):
            check(path, allowed, f"layer {layer}")
app_links = set(re.findall(r"target_link_libraries\(acctseg PRIVATE ([^)]*)\)", cmake)[0].split())
app_layers = set()
for link in app_links:
    if link.startswith("acctseg_"):
        app_layers |= closure(link[len("acctseg_"):]) | {link[len("acctseg_"):]}
for path in sorted((root / "apps").rglob("*")):
    if path.suffix in (".h", ".cc"):
        check(path, app_layers, "the CLI")

for p in problems:
    print("FAIL", p)
if not problems:
    print(f"ok   {len(direct)} layers, one-way; every include is of a linked layer")
sys.exit(1 if problems else 0)
