"""`xorgrad.compare(...)`: the main job as a Python call, for a script or a notebook.

    import xorgrad
    table = xorgrad.compare(steps=2000)      # every backend, device and dtype available here
    print(table)                             # the very table the `xorgrad` command prints
    table                                    # in Jupyter: the same as an HTML table
    table.data["rows"][0]["loss_end"]        # the numbers, as `xorgrad --json` gives them
"""

from __future__ import annotations

import html


class CompareResult:
    """What the main job found: `data` (plain numbers, as `xorgrad --json`), `ok` (every gradient
    within the table's tolerance), `str()` the command's table, `_repr_html_()` an HTML table."""

    def __init__(self, data: dict):
        self.data = data

    @property
    def ok(self) -> bool:
        return all(r["grad_ok"] for r in self.data["rows"])

    def __str__(self) -> str:
        from .commands.compare import format_table
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


def compare(backends=None, devices=None, dtypes=None, seed=None, scale=None, lr=None,
            steps=None) -> CompareResult:
    """Every available (backend, device, dtype), optionally narrowed (lists of names, as the
    command's --backends/--devices/--dtypes), from the same start; None: the defaults."""
    from .compare import compare_backends, not_run, select
    cases = select(backends, devices, dtypes)
    return CompareResult(compare_backends(seed=seed, scale=scale, lr=lr, steps=steps, cases=cases,
                                          missing=not_run(backends, devices)))
