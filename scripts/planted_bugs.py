"""Put each bug the suite once missed back in by hand, run the tests, take it out again.

usage: python scripts/planted_bugs.py [PYTEST ARGS...]   (default: tests/)
Every line should read CAUGHT (a behaviour test fails, not only a docs-sync one). The files are restored with `git checkout`, so it refuses to run
while any of them has uncommitted changes. Issue 9 lists these bugs; docs/testing.md explains.
"""
import subprocess, sys
BUGS = [
 ("numpy update ignores lr", "impls/numpy_net.py", "p -= lr * grads[name]", "p -= grads[name]"),
 ("jax train loop ignores lr", "impls/jax_net.py", "return update(params, grads, lr), loss", "return update(params, grads, 1.0), loss"),
 ("torch adapter ignores device", "xorgrad/backends/torch_backend.py", "dtype=getattr(torch, self.dtype), device=self.device)", "dtype=getattr(torch, self.dtype))"),
 ("jax adapter ignores its device", "xorgrad/backends/jax_backend.py", "return jax.device_put(np.asarray(array, dtype=self.dtype), self.jax_device())", "return jax.numpy.asarray(np.asarray(array, dtype=self.dtype))"),
 ("an entry point with a built-in name is dropped silently", "xorgrad/registry.py", "    for name, value, where, install in found:\n", "    for name, value, where, install in found:\n        if name in BUILTIN_NAMES: continue\n"),
 ("a registered class is CPU-only", "xorgrad/registry.py", "devices = tuple(module.devices) if devices is None else devices", "devices = ('cpu',) if devices is None else devices"),
 ("an entry point whose package is missing is not listed", "xorgrad/registry.py", "    for name, value, where, install in found:\n", "    import importlib.util\n    found = [f for f in found if importlib.util.find_spec(f[1].split(':')[0].split('.')[0])]\n    for name, value, where, install in found:\n"),
 ("get() always builds a CPU net", "xorgrad/registry.py", "return cls(device, dtype, compile=bool(compile))", "return cls(\"cpu\", dtype, compile=bool(compile))"),
 ("compile=True runs eager", "xorgrad/backends/torch_backend.py", "        if not self.compile:\n            return torch_net.train", "        if True:\n            return torch_net.train"),
 ("float64 gradient tol 1000x", "xorgrad/tolerances.py", '"gradients":          {"float64": (1e-10, 1e-14)', '"gradients":          {"float64": (1e-7, 1e-11)'),
 ("ok = any", "xorgrad/agreement.py", "return all(r.ok for r in self.rows)", "return any(r.ok for r in self.rows)"),
 ("rel err / result", "xorgrad/agreement.py", "scale = float(np.abs(ref).max()) if ref.size else 0.0\n    rel = max_abs / scale", "scale = float(np.abs(ref).max()) if ref.size else 0.0\n    rel = max_abs / (float(np.abs(got).max()) if got.size else 0.0) if np.abs(got).max() > 0 else np.inf\n    rel = rel"),
]
# tests that notice any edit of a lesson (a page generated from the source): not behaviour tests
DOCS_SYNC = ("tests/test_show.py::test_docs_page_is_up_to_date", "tests/test_docs.py")
tests = sys.argv[1:] or ["tests/"]
dirty = subprocess.run(["git", "status", "--porcelain", "--", *{b[1] for b in BUGS}],
                       capture_output=True, text=True, check=True).stdout
if dirty:
    sys.exit(f"uncommitted changes in files this script edits and restores:\n{dirty}")
for name, path, old, new in BUGS:
    src = open(path).read()
    assert src.count(old) == 1, (name, src.count(old))
    open(path, "w").write(src.replace(old, new))
    try:
        r = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                            "--hypothesis-seed=0", *tests], capture_output=True, text=True)
        failed = [line.split()[1] for line in r.stdout.splitlines() if line.startswith("FAILED")]
        behaviour = [t for t in failed if not any(t.startswith(d) for d in DOCS_SYNC)]
        verdict = "CAUGHT" if behaviour else ("DOCS ONLY" if failed else "MISSED")
        print(f"{verdict:<9} {name}: {len(behaviour)} behaviour tests fail, e.g. {behaviour[:2]}",
              flush=True)
    finally:
        subprocess.run(["git", "checkout", "-q", "--", path], check=True)
