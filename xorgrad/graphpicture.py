"""The picture of a graph for the docs: the engine lesson's tape, drawn with matplotlib.

Forward edges are grey; on each edge, in red, the hand-written gradient that flows back along it
(matched by value, as in xorgrad.graphs); under each node, in grey, the PyTorch node that sends
back the same values (when torch is installed). docs/autograd_graph.png is made by

    xorgrad show --graph autograd --picture docs/autograd_graph.png
"""

from __future__ import annotations

import numpy as np

from .contract import XOR_X, XOR_Y
from .graphs import _match, available, default_start, hand_values, torch_graph
from .impls import autograd_net as ag


def draw(path, params=None) -> str:
    """The engine lesson's tape as a picture (matplotlib): forward edges grey, and on each edge in
    red the hand-written gradient that flows back along it; under each node the PyTorch node that
    sends back the same values. Returns `path`."""
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    params = default_start() if params is None else params
    hand = hand_values(params)
    P = {k: ag.Tensor(np.array(v, dtype=np.float64)) for k, v in params.items()}
    z1, a1, z2, a2 = ag.forward(P, XOR_X)
    loss = ag.bce_from_logits(z2, XOR_Y)
    loss.backward()
    names = {id(p): k for k, p in P.items()}
    names.update({id(z1): "z1", id(a1): "a1", id(z2): "z2", id(loss): "loss"})
    torch_by_gives = {}
    if "torch" in available():
        for st in torch_graph(params, hand).steps:
            torch_by_gives.setdefault(tuple(g for g in st.gives if g), st.node.split()[0])
    order = ag.topological_order(loss)
    depth, pos = {}, {}
    for t in order:
        depth[id(t)] = 1 + max((depth[id(i)] for i, _ in t.inputs), default=-1)
    for t in order:                               # operations in a row, parameters above them
        if t.inputs:
            pos[id(t)] = (1.3 * depth[id(t)], 0.0)
    for t in order:
        if t.inputs:
            for k, (i, _) in enumerate(t.inputs):
                if not i.inputs:
                    pos[id(i)] = (pos[id(t)][0] - 0.45, 1.0)
    fig, ax = plt.subplots(figsize=(13, 3.6))
    for t in order:
        x, y = pos[id(t)]
        for i, rule in t.inputs:
            xi, yi = pos[id(i)]
            start = (xi, yi - 0.14) if yi else (xi + 0.45, yi)
            ax.annotate("", (x - (0.1 if yi else 0.45), y + (0.12 if yi else 0)), start,
                        arrowprops=dict(arrowstyle="->", color="0.6"))
            g = _match(rule(t.grad), hand)
            if g:
                ax.text((x + xi) / 2 + (0.12 if yi else 0), (y + yi) / 2 + (0.06 if yi else -0.12), g,
                        color="crimson", ha="center", va="center", fontsize=10)
        label = t.op if t.inputs else names[id(t)]
        if t.inputs and id(t) in names:
            label = f"{names[id(t)]} = {t.op}"
        ax.text(x, y, label, ha="center", va="center", fontsize=10,
                bbox=dict(boxstyle="round", fc="white" if t.inputs else "lightyellow", ec="0.3"))
        if t.inputs:
            sent = tuple(g for g in (_match(rule(t.grad), hand) for _, rule in t.inputs) if g)
            under = torch_by_gives.get(sent, "")
            if under:
                ax.text(x, y - 0.32, under, ha="center", va="center", fontsize=7, color="0.35")
    ax.set_xlim(-0.9, max(p[0] for p in pos.values()) + 0.6)
    ax.set_ylim(-0.6, 1.4)
    ax.axis("off")
    ax.set_title("The tape of impls/autograd_net.py: forward left to right (X and Y are constants);"
                 " in red, the hand-written gradient each edge carries back;\nunder a node, in grey,"
                 " the PyTorch node that sends back the same values", fontsize=9)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return str(path)
