"""The main table: every backend, device and dtype from the same start, and its text.

`compare_backends` runs it (the loss at the start, the gradients judged against the
finite-difference oracle and float64 NumPy by xorgrad.agreement, training, the trained outputs)
and returns plain data; `format_table` is the text `xorgrad` prints. `main_table` (also
`xorgrad.compare(...)`) runs it for a script or a notebook and returns a `MainTable`: printed,
the command's text; in Jupyter, an HTML table.

    from xorgrad import table
    print(table.format_table(table.compare_backends(steps=100)))
    xorgrad.compare(backends=["numpy", "jax"], steps=2000)     # a MainTable
"""

from __future__ import annotations

import html
import time

from . import contract
from .agreement import compare_arrays, compare_grads
from .oracle import finite_difference_grads


def compare_backends(seed=None, scale=None, lr=None, steps=None, cases=None,
                     missing=None) -> dict:
    """The main job: every case from the same start; loss, gradient agreement, training result.

    "loss_end" is the loss after the last of `steps` updates (at the returned parameters, in the
    row's dtype), the number `check` reports too; `missing` (default: `registry.unavailable()` when `cases`
    is None, else none) lists what could not run here, with the reason and how to get it.
    Returns plain data (floats, lists, strings) ready for a table or JSON.
    """
    from .registry import get, select, unavailable
    seed, scale, lr, steps = contract.run_settings(seed, scale, lr, steps)
    p = contract.init_params(seed=seed, scale=scale)
    fd = finite_difference_grads(p)
    _, ref = get("numpy", "cpu", "float64").loss_and_grads(p)
    rows = []
    for backend, device, dtype in (select() if cases is None else cases):
        net = get(backend, device, dtype)
        loss, grads = net.loss_and_grads(p)
        t0 = time.perf_counter()
        p_end, _ = net.train(p, steps=steps, lr=lr)
        seconds = time.perf_counter() - t0
        loss_end, _ = net.loss_and_grads(p_end)     # after the last update, not before it
        a2 = contract.predictions(p_end)[0]
        rows.append({
            "backend": backend, "device": device, "dtype": dtype,
            "device_name": net.device_name(), "versions": net.versions(),
            "loss": loss,
            "grad_rel_err_vs_fd": compare_arrays(grads, fd, 0, 0).worst_rel,
            "grad_rel_err_vs_numpy64": compare_arrays(grads, ref, 0, 0).worst_rel,
            "grad_ok": compare_grads(grads, ref, "gradients", dtype, contract.logit_scale(p)).ok,
            "loss_end": loss_end,
            "predictions": [float(v) for v in a2],
            "learned_xor": bool(contract.learned_xor(a2)),
            "train_seconds": seconds,
        })
    if missing is None:
        missing = unavailable() if cases is None else []
    return {"seed": seed, "init_scale": scale, "lr": lr, "steps": steps,
            "params": {k: v.tolist() for k, v in p.items()}, "rows": rows, "not_run": missing}


def format_table(result: dict) -> str:
    head = (f"XOR 2-2-1, seed {result['seed']}, init scale {result['init_scale']}, "
            f"lr {result['lr']}, {result['steps']} steps; every row starts from the same float64 "
            f"parameters\n"
            f"grad err: worst per-parameter max|g - ref| / max|ref| against float64 central "
            f"differences (FD) and float64 NumPy backprop (np64)\n")
    bw = max([7] + [len(r["backend"]) for r in result["rows"]])   # "autograd", outside names
    cols = (f"{'backend':<{bw}} {'device':<6} {'dtype':<7} {'loss@0':>9} {'err vs FD':>9} "
            f"{'vs np64':>8} {'loss@end':>9}  {'a2 at (0,0) (0,1) (1,0) (1,1)':<29} XOR?")
    lines = [head, cols, "-" * len(cols)]
    for r in result["rows"]:
        a2 = " ".join(f"{v:5.3f}" for v in r["predictions"])
        lines.append(f"{r['backend']:<{bw}} {r['device']:<6} {r['dtype']:<7} {r['loss']:9.6f} "
                     f"{r['grad_rel_err_vs_fd']:9.1e} {r['grad_rel_err_vs_numpy64']:8.1e} "
                     f"{r['loss_end']:9.6f}  {a2:<29} {'yes' if r['learned_xor'] else 'no'}")
    missing = result.get("not_run") or []
    installed = [m for m in missing if "not installed" in m["reason"]]
    for backend in dict.fromkeys(m["backend"] for m in installed):   # one row per backend
        reason = next(m["reason"] for m in installed if m["backend"] == backend)
        lines.append(f"{backend:<7} {'-':<6} {'-':<7} not run: {reason}")
    devices = [m for m in missing if m not in installed]
    if devices:
        lines.append("not run here (no such device): " + "; ".join(
            f"{m['backend']}/{m['device']} ({m['reason'].split(': ', 1)[-1]})" for m in devices))
    return "\n".join(lines)


class MainTable:
    """What the main job found: `data` (plain numbers, as `xorgrad --json`), `ok` (every gradient
    within the table's tolerance), `str()` the command's table, `_repr_html_()` an HTML table."""

    def __init__(self, data: dict):
        self.data = data

    @property
    def ok(self) -> bool:
        return all(r["grad_ok"] for r in self.data["rows"])

    def __str__(self) -> str:
        return format_table(self.data)      # the one function the command prints with

    def __repr__(self) -> str:
        return str(self)

    def _repr_html_(self) -> str:
        d, e = self.data, html.escape
        head = ("backend", "device", "dtype", "loss@0", "err vs FD", "vs np64", "loss@end",
                "a2 at (0,0) (0,1) (1,0) (1,1)", "XOR?")
        rows = []
        for r in d["rows"]:
            cells = (r["backend"], r["device"], r["dtype"], f"{r['loss']:.6f}",
                     f"{r['grad_rel_err_vs_fd']:.1e}", f"{r['grad_rel_err_vs_numpy64']:.1e}",
                     f"{r['loss_end']:.6f}", " ".join(f"{v:.3f}" for v in r["predictions"]),
                     "yes" if r["learned_xor"] else "no")
            rows.append("<tr>" + "".join(f"<td>{e(c)}</td>" for c in cells) + "</tr>")
        caption = (f"XOR 2-2-1, seed {d['seed']}, init scale {d['init_scale']}, lr {d['lr']}, "
                   f"{d['steps']} steps; every row starts from the same float64 parameters. "
                   f"grad err: worst per-parameter max|g - ref| / max|ref| against float64 "
                   f"central differences (FD) and float64 NumPy backprop (np64)")
        missing = [f"{m['backend']}/{m['device']}: {m['reason']}" for m in d.get("not_run") or []]
        return (f'<table class="xorgrad-compare">\n<caption>{e(caption)}</caption>\n<thead><tr>' +
                "".join(f"<th>{h}</th>" for h in head) + "</tr></thead>\n<tbody>\n" +
                "\n".join(rows) + "\n</tbody></table>" +
                (f"<p>not run here: {e('; '.join(missing))}</p>" if missing else ""))


def main_table(backends=None, devices=None, dtypes=None, seed=None, scale=None, lr=None,
               steps=None) -> MainTable:
    """Every available (backend, device, dtype), optionally narrowed (lists of names, as the
    command's --backends/--devices/--dtypes), from the same start; None: the defaults."""
    from .registry import select, unavailable
    cases = select(backends, devices, dtypes)
    return MainTable(compare_backends(seed=seed, scale=scale, lr=lr, steps=steps, cases=cases,
                                      missing=unavailable(backends, devices)))
