"""Put each bug the suite once missed back in by hand, run the tests that should catch it, take it
out again, and count: the suite's catch rate for the bugs it was measured against.

usage: python scripts/planted_bugs.py [WORD...]   (only the bugs whose name contains a WORD)

Each entry is (name, file, old, new, tests): `old` (exactly once in `file`) becomes `new`, then
`pytest -x` runs `tests` (the files or test ids that must catch it: the default tier, no
docs-sync test). CAUGHT: a test failed; MISSED: all passed. The file is restored with
`git checkout`, so the script refuses to run while any file it edits has uncommitted changes.
The last line is caught/total. BUGS are issue 9's and issue 27's outside `xorgrad/checker/`;
CHECK_BUGS are issue 27's inside it (their strings follow check's internals: re-target them when
those change; their tests, tests/test_check_holes.py, use only check's public behaviour).
"""
import os
import subprocess
import sys
import time

CLI, PLOTS = "tests/test_cli.py", "tests/test_plots.py"
HESSIAN_CLI, GPU = "tests/test_hessian_cli.py", "tests/test_gpu_readiness.py"
SECOND = "tests/test_second_order.py"
BUGS = [
    # ---- issue 9 ----
    ("numpy update ignores lr", "impls/numpy_net.py", "p -= lr * grads[name]", "p -= grads[name]",
     ["tests/test_training.py"]),
    ("jax train loop ignores lr", "impls/jax_net.py", "return update(params, grads, lr), loss",
     "return update(params, grads, 1.0), loss", ["tests/test_training.py"]),
    ("torch adapter ignores device", "xorgrad/backends/torch_backend.py",
     "dtype=getattr(torch, self.dtype), device=self.device)", "dtype=getattr(torch, self.dtype))",
     ["tests/test_devices.py"]),
    ("jax adapter ignores its device", "xorgrad/backends/jax_backend.py",
     "return jax.device_put(np.asarray(array, dtype=self.dtype), self.jax_device())",
     "return jax.numpy.asarray(np.asarray(array, dtype=self.dtype))", ["tests/test_devices.py"]),
    ("an entry point with a built-in name is dropped silently", "xorgrad/registry.py",
     "    for name, value, where, install in found:\n",
     "    for name, value, where, install in found:\n        if name in BUILTIN_NAMES: continue\n",
     ["tests/test_outside_backend.py"]),
    ("a registered class is CPU-only", "xorgrad/registry.py",
     "devices = tuple(module.devices) if devices is None else devices",
     "devices = ('cpu',) if devices is None else devices", ["tests/test_outside_backend.py"]),
    ("an entry point whose package is missing is not listed", "xorgrad/registry.py",
     "    for name, value, where, install in found:\n",
     "    import importlib.util\n    found = [f for f in found if importlib.util.find_spec("
     "f[1].split(':')[0].split('.')[0])]\n    for name, value, where, install in found:\n",
     ["tests/test_outside_backend.py"]),
    ("get() always builds a CPU net", "xorgrad/registry.py",
     "return cls(device, dtype, compile=bool(compile))",
     'return cls("cpu", dtype, compile=bool(compile))', ["tests/test_devices.py"]),
    ("compile=True runs eager", "xorgrad/backends/torch_backend.py",
     "        if not self.compile:\n            return torch_net.train",
     "        if True:\n            return torch_net.train", [GPU, "tests/test_devices.py"]),
    ("float64 gradient tol 1000x", "xorgrad/tolerances.py",
     '"gradients":          {"float64": (1e-10, 1e-14)',
     '"gradients":          {"float64": (1e-7, 1e-11)', ["tests/test_comparisons.py"]),
    ("ok = any", "xorgrad/agreement.py", "return all(r.ok for r in self.rows)",
     "return any(r.ok for r in self.rows)", ["tests/test_comparisons.py"]),
    ("rel err / result", "xorgrad/agreement.py",
     "scale = float(np.abs(ref).max()) if ref.size else 0.0\n    rel = max_abs / scale",
     "scale = float(np.abs(ref).max()) if ref.size else 0.0\n    rel = max_abs / (float(np.abs("
     "got).max()) if got.size else 0.0) if np.abs(got).max() > 0 else np.inf\n    rel = rel",
     ["tests/test_comparisons.py"]),
    # ---- issue 27, outside check ----
    ("pytest --devices filter inverted", "xorgrad/pytest_plugin.py",
     "if devices and device not in devices:", "if devices and device in devices:",
     [f"{CLI}::test_pytest_devices_cpu_runs_exactly_the_cpu_cases"]),
    ("main table HTML: np64 error under 'err vs FD'", "xorgrad/table.py",
     "f\"{r['grad_rel_err_vs_fd']:.1e}\", f\"{r['grad_rel_err_vs_numpy64']:.1e}\",",
     "f\"{r['grad_rel_err_vs_numpy64']:.1e}\", f\"{r['grad_rel_err_vs_numpy64']:.1e}\",",
     ["tests/test_notebook.py::test_the_main_tables_html_puts_each_number_under_its_header"]),
    ("loss-curve caption's worst is the smallest", "xorgrad/plots.py",
     "float(diff.max()) if steps else 0.0", "float(diff.min()) if steps else 0.0",
     [f"{PLOTS}::test_loss_curves_png_is_written_for_every_available_case"]),
    ("Hessian oracle at the gradient oracle's step", "xorgrad/oracle.py",
     "h: float = HESSIAN_FD_STEP) -> np.ndarray:", "h: float = FD_STEP) -> np.ndarray:",
     ["tests/test_oracle_second_order.py"]),
    ("hessian: eigenvector signs along the wrong axis", "xorgrad/curvature.py",
     "top = np.argmax(np.abs(vectors), axis=0)", "top = np.argmax(np.abs(vectors), axis=1)",
     [HESSIAN_CLI]),
    ("hessian: closing line describes the second row", "xorgrad/curvature.py",
     'for r in (result["rows"][0], result["rows"][-1]):',
     'for r in (result["rows"][0], result["rows"][1]):', [HESSIAN_CLI]),
    ("hessian: --steps 250 --every 100 trains to 300", "xorgrad/curvature.py",
     "k = min(every, steps - done)", "k = every", [HESSIAN_CLI]),
    ("torch reverse-over-reverse HVP pulled back along params", "impls/torch_net.py",
     "return pull(v)[0]", "return pull(params)[0]",
     [f"{SECOND}::test_every_hvp_variant_equals_numpys_hvp_at_one_point_in_float64"]),
    ("second-order benchmark's variant rows time the default", "bench/bench_second_order.py",
     "fn = getattr(net.lesson, name)", "fn = getattr(net.lesson, kind)",
     [f"{GPU}::test_second_order_benchmark_rows_time_the_variant_they_name"]),
    ("first call timed on warm caches", "bench/harness.py",
     '        fresh_caches(info["backend"])\n', "",
     [f"{GPU}::test_first_call_is_timed_on_fresh_jit_caches"]),
]
HOLES = "tests/test_check_holes.py"
CHECK_BUGS = [
    ("check --json: the true run's final loss as the learner's", "xorgrad/checker/result.py",
     '"final_loss": _num(self.losses[-1]) if self.losses else None,',
     '"final_loss": _num(self.true_losses[-1]) if self.losses else None,', [HOLES]),
    ("check: long runs drop the last step of each stretch", "xorgrad/checker/child_side.py",
     's % every == 0 or done == spec["steps"] or not finite', "s % every == 0 or not finite",
     [HOLES]),
    ("check: the 'outputs near 0' point has outputs near 1", "xorgrad/checker/losses.py",
     'for sign, where in ((1, "1"), (-1, "0")):', 'for sign, where in ((1, "1"), (1, "0")):',
     [HOLES]),
    ("check: squared-error true run without sigma'(z2)", "xorgrad/why/run.py",
     'c * (a2 - Y) * (a2 * (1 - a2) if spec.net.out == "sigmoid" else 1.0)', "c * (a2 - Y)",
     [HOLES]),
    ("check: notebook table drops a wrong-shape gradient", "xorgrad/checker/display.py",
     "    for k, r in result.params.items():\n",
     "    for k, r in result.params.items():\n        if r.shape != r.expected_shape:\n"
     "            continue\n", [HOLES]),
    ("xorgrad check: hints as keywords, not flags", "xorgrad/commands/check.py",
     "as_flags(result.report()))", "result.report())", [HOLES]),
    ("check: float64 ok band 1000x (tolerance())", "xorgrad/checker/probe.py",
     "else (GOOD_REL, ATOL)", "else (1000 * GOOD_REL, ATOL)", [HOLES]),
]


def lessons_here() -> bool:
    """Whether `xorgrad.impls` imports this tree's impls/ (an editable install made in another
    checkout maps it there, and then no planted lesson bug could be seen)."""
    out = subprocess.run([sys.executable, "-c", "import xorgrad.impls as i; print(i.__path__[0])"],
                         capture_output=True, text=True).stdout.strip()
    return os.path.realpath(out) == os.path.realpath("impls")


def run(entries) -> int:
    if any(e[1].startswith("impls/") for e in entries) and not lessons_here():
        sys.exit("xorgrad.impls is not this tree's impls/ (an editable install of another "
                 "checkout?): pip install -e . here first")
    files = sorted({e[1] for e in entries})
    dirty = subprocess.run(["git", "status", "--porcelain", "--", *files], capture_output=True,
                           text=True, check=True).stdout
    if dirty:
        sys.exit(f"uncommitted changes in files this script edits and restores:\n{dirty}")
    caught = 0
    for name, path, old, new, tests in entries:
        src = open(path).read()
        if src.count(old) != 1:
            print(f"{'STALE':<7} {name}: its text is in {path} {src.count(old)} times, not once")
            continue
        open(path, "w").write(src.replace(old, new))
        t0 = time.perf_counter()
        try:
            r = subprocess.run([sys.executable, "-m", "pytest", "-q", "-x", "-p",
                                "no:cacheprovider", "--hypothesis-seed=0", *tests],
                               capture_output=True, text=True)
        finally:
            subprocess.run(["git", "checkout", "-q", "--", path], check=True)
        failed = [line.split()[1] for line in r.stdout.splitlines() if line.startswith("FAILED")]
        verdict = "CAUGHT" if failed or r.returncode == 1 else "MISSED"
        caught += verdict == "CAUGHT"
        print(f"{verdict:<7} {name} ({time.perf_counter() - t0:.0f} s): "
              f"{failed[0] if failed else r.stdout.strip().splitlines()[-1]}", flush=True)
    return caught


if __name__ == "__main__":
    words = sys.argv[1:]
    chosen = [e for e in BUGS + CHECK_BUGS if not words or any(w in e[0] for w in words)]
    n = run(chosen)
    print(f"caught {n}/{len(chosen)}")
    sys.exit(0 if n == len(chosen) else 1)
