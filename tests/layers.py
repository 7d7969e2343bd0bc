#!/usr/bin/env python3
"""layers.py DIR...: the call graph between the object files of each DIR
(from nm: who defines, who uses each global symbol), and its circles.

Prints "circle: A.o B.o ..." for each group of files that call each other
round (a strongly connected component of more than one file, Tarjan's
algorithm); prints nothing and exits 0 when the files of every DIR call in
one direction only. Run after make: it reads the .o files."""
import subprocess, sys, glob, os

def graph(objs):
    defs, uses = {}, {}
    for o in objs:
        out = subprocess.run(["nm", o], capture_output=True, text=True).stdout
        for line in out.splitlines():
            parts = line.split()
            if len(parts) == 2 and parts[0] == "U":
                uses.setdefault(o, set()).add(parts[1])
            elif len(parts) == 3 and parts[1] in "TDBR":
                defs[parts[2]] = o
    edges = {o: set() for o in objs}
    for o, syms in uses.items():
        for s in syms:
            if s in defs and defs[s] != o:
                edges[o].add(defs[s])
    return edges

def sccs(edges):
    index, low, stack, on, out, n = {}, {}, [], set(), [], [0]
    def visit(v):
        index[v] = low[v] = n[0]; n[0] += 1; stack.append(v); on.add(v)
        for w in edges[v]:
            if w not in index:
                visit(w); low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop(); on.discard(w); comp.append(w)
                if w == v: break
            out.append(comp)
    for v in edges:
        if v not in index: visit(v)
    return out

bad = 0
for d in sys.argv[1:]:
    objs = sorted(glob.glob(os.path.join(d, "*.o")))
    for comp in sccs(graph(objs)):
        if len(comp) > 1:
            bad = 1
            print("circle:", " ".join(sorted(os.path.basename(c) for c in comp)))
sys.exit(bad)
