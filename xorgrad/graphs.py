"""The graphs the engines build for one backward pass, lined up with the hand-written lines.

For one start (`default_start()`: every parameter nonzero, biases too), in float64:

  hand      the NumPy lesson's own backward pass: the values of dz2, dw2, ... are read from the
            frame of impls/numpy_net.loss_and_grads as it returns, its lines from its source;
  torch     PyTorch's backward graph: loss.grad_fn and its next_functions down to each
            parameter's AccumulateGrad, with a hook on every node recording what it sends back,
            in the order loss.backward() runs them;
  jax       the jaxpr of jax.value_and_grad(loss), every equation run one at a time;
  tensorflow  the graph `tf.function` traces from the TensorFlow lesson's loss_and_grads (the
            tape's forward ops, then the gradient ops tape.gradient adds), every op run in
            order (constants and shape bookkeeping left out);
  hips      HIPS autograd's VJP nodes for the HIPS lesson's loss, each node's vjp run in the
            order autograd's backward pass runs them;
  autograd  the engine lesson's tape (impls/autograd_net.py), each node's rules run in the
            order its backward() runs them.

Each step's outputs are matched by value (same shape, equal to 1e-10) with the hand-written
quantities; that match is the alignment printed beside the step, and the tests check that every
hand-written line is computed somewhere in every graph. Nothing here is imported by
`import xorgrad`; each framework is imported only for its own graph.

    from xorgrad import graphs
    g = graphs.trace("torch")          # Graph(framework, title, steps)
    print(graphs.render(g))
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field

import numpy as np

from . import sidebyside
from .contract import XOR_X, XOR_Y
from .errors import UsageError

FRAMEWORKS = tuple(b for b in sidebyside.SOURCES if b != "numpy")   # every lesson but by-hand NumPy
MODULE = {"hips": "autograd"}  # the import name where it is not the framework's name
GRAD_NAMES = ("dz2", "dw2", "db2", "da1", "dz1", "dw1", "db1")   # the hand-written backward
FORWARD_NAMES = ("z1", "a1", "z2", "a2", "loss")
PARAM_OF = {"w1": "dw1", "b1": "db1", "w2": "dw2", "b2": "db2"}
RTOL, ATOL = 1e-10, 1e-14     # float64 implementations agree to ~1e-10 (tolerances.py)


@dataclass
class Step:
    node: str                                   # what the framework calls it
    outputs: list = field(default_factory=list)  # the arrays it computes (None: nothing sent)
    gives: list = field(default_factory=list)    # per output: the hand name it equals, or ""


@dataclass
class Graph:
    framework: str
    title: str
    steps: list[Step]
    header: list[str] = field(default_factory=list)   # lines printed above the steps

    def names(self) -> set[str]:
        return {n.rstrip("ᵀ") for s in self.steps for n in s.gives if n}

    def first(self, name: str) -> Step:
        return next(s for s in self.steps if name in (n.rstrip("ᵀ") for n in s.gives))


# ---- the hand-written reference ----------------------------------------------------------------
def hand_values(params=None) -> dict[str, np.ndarray]:
    """z1 ... a2, loss and dz2 ... db1 as the NumPy lesson computes them, read from its frame."""
    from .impls import numpy_net
    params = default_start() if params is None else params
    code, found = numpy_net.loss_and_grads.__code__, {}

    def watch(frame, event, arg):
        if event == "return" and frame.f_code is code:
            found.update(frame.f_locals)
    old = sys.getprofile()
    sys.setprofile(watch)
    try:
        numpy_net.loss_and_grads({k: np.array(v, dtype=np.float64) for k, v in params.items()},
                                 XOR_X.copy(), XOR_Y.copy())
    finally:
        sys.setprofile(old)
    return {k: np.asarray(found[k]) for k in FORWARD_NAMES + GRAD_NAMES}


def default_start() -> dict[str, np.ndarray]:
    """The one start the graphs are shown at: every parameter, biases too, nonzero (with zero
    biases w1 @ X would equal z1, and a value match could not tell the two apart)."""
    from .testing import random_point
    return random_point(1, 1.0)


def hand_lines() -> dict[str, str]:
    """name -> its line in the NumPy lesson (forward and backward), code without the comment."""
    lines = {}
    for st in sidebyside.load(["numpy"]):
        for line in st.code.get("numpy", "").splitlines():
            m = re.match(r"\s*(\w+(?:, \w+)*) = (.*?)\s*(#.*)?$", line)
            if m and m.group(1) in FORWARD_NAMES + GRAD_NAMES:
                lines[m.group(1)] = f"{m.group(1)} = {m.group(2)}"
    lines["loss"] = "loss = bce_from_logits(z2, Y)"
    return lines


def _match(value, hand) -> str:
    if value is None:
        return ""
    v = np.asarray(value, dtype=np.float64)
    for name in GRAD_NAMES + FORWARD_NAMES:
        h = hand[name]
        for mark, cand in (("", v), ("ᵀ", v.T if v.ndim == 2 else None)):
            if cand is not None and cand.shape == h.shape and \
                    np.allclose(cand, h, rtol=RTOL, atol=ATOL):
                return name + mark
    return ""


def _label(steps, hand) -> list[Step]:
    for s in steps:
        s.gives = [_match(v, hand) for v in s.outputs]
    return steps


# ---- PyTorch: loss.grad_fn -> next_functions ----------------------------------------------------
def torch_graph(params=None, hand=None) -> Graph:
    import torch

    from .impls import torch_net
    params = default_start() if params is None else params
    hand = hand_values(params) if hand is None else hand
    P = {k: torch.tensor(v, dtype=torch.float64, requires_grad=True) for k, v in params.items()}
    names = {id(p): k for k, p in P.items()}
    X, Y = torch.tensor(XOR_X), torch.tensor(XOR_Y)
    z1, a1, z2, a2 = torch_net.forward(P, X)
    loss = torch_net.bce_from_logits(z2, Y)
    made = {z1.grad_fn: "z1", a1.grad_fn: "a1", z2.grad_fn: "z2", loss.grad_fn: "loss"}
    steps, seen, todo = [], set(), [loss.grad_fn]
    while todo:                                  # every node from the loss down
        node = todo.pop()
        if node is None or node in seen:
            continue
        seen.add(node)
        todo += [nxt for nxt, _ in node.next_functions]

        def record(grad_inputs, grad_outputs, node=node):
            if hasattr(node, "variable"):        # AccumulateGrad: a leaf receives its .grad
                label = f"AccumulateGrad  {names[id(node.variable)]}.grad"
                outs = [g.detach().numpy() for g in grad_outputs]
            else:
                label = node.name() + (f"  ({made[node]})" if node in made else "")
                outs = [None if g is None else g.detach().numpy().copy() for g in grad_inputs]
            steps.append(Step(label, outs))
        node.register_hook(record)
    loss.backward()
    return Graph("torch", f"PyTorch {torch.__version__}: loss.grad_fn and its next_functions, "
                          "in the order loss.backward() runs them", _label(steps, hand))


# ---- JAX: the jaxpr of value_and_grad -----------------------------------------------------------
_KEEP_PARAMS = ("name", "axes", "permutation", "dimension_numbers", "new_sizes")


def _tidy(eqn_text: str) -> str:
    """One equation on one line, with only the parameters a reader needs."""
    lhs, _, rhs = " ".join(eqn_text.split()).partition(" = ")
    m = re.match(r"[\w.]+\[", rhs)
    if not m:
        return f"{lhs} = {rhs}"
    depth, j = 0, m.end() - 1
    while True:                                   # the bracket's end, nested brackets included
        depth += {"[": 1, "]": -1, "{": 1, "}": -1}.get(rhs[j], 0)
        if depth == 0:
            break
        j += 1
    inner = re.sub(r"\{[^{}]*\}", "", rhs[m.end():j])    # a nested jaxpr is not shown inline
    params = re.findall(r"(\w+)=(\([^=]*\)|\S+)", inner)
    kept = " ".join(f"{k}={v}" for k, v in params if k in _KEEP_PARAMS and v)
    return f"{lhs} = {rhs[:m.end() - 1]}{f'[{kept}]' if kept else ''}{rhs[j + 1:]}"


def _split_eqns(jaxpr_text: str) -> tuple[str, list[str], str]:
    """(the `{ lambda ...` line, one text per top-level equation, the `in (...)` line)."""
    lines = jaxpr_text.splitlines()
    start = max(i for i, line in enumerate(lines) if line.startswith("{ lambda"))
    head, eqns, tail = lines[start], [], ""
    for line in lines[start + 1:]:
        if line.startswith("  in "):
            tail = line.strip()
            break
        if re.match(r"    [\w_]", line):           # a new equation (not a closing bracket)
            eqns.append(line)
        else:
            eqns[-1] += " " + line
    return head, [_tidy(e) for e in eqns], tail


def jax_graph(params=None, hand=None) -> Graph:
    import jax

    from .impls import jax_net
    params = default_start() if params is None else params
    hand = hand_values(params) if hand is None else hand
    with jax.enable_x64(True):
        args = ({k: np.asarray(v, dtype=np.float64) for k, v in params.items()}, XOR_X, XOR_Y)
        closed = jax.make_jaxpr(jax.value_and_grad(jax_net.loss))(*args)
        head, texts, tail = _split_eqns(str(closed))
        jaxpr = closed.jaxpr
        env = dict(zip(jaxpr.constvars, closed.consts))
        env.update(zip(jaxpr.invars, jax.tree.leaves(args)))

        def read(v):
            return v.val if hasattr(v, "val") else env[v]   # a Literal carries its value
        steps = []
        for eqn, text in zip(jaxpr.eqns, texts):
            bind_params = eqn.primitive.get_bind_params(eqn.params)   # as jax's eval_jaxpr does
            subfuns, bind_params = bind_params if isinstance(bind_params, tuple) else ((), bind_params)
            out = eqn.primitive.bind(*subfuns, *map(read, eqn.invars), **bind_params)
            outs = out if eqn.primitive.multiple_results else [out]
            env.update(zip(eqn.outvars, outs))
            steps.append(Step(text.strip(), [np.asarray(o) for o in outs]))
    leaves = "  ".join(f"{v.split(':')[0]}={n}" for v, n in
                       zip(head.split(";")[1].split(".")[0].split(), sorted(params) + ["X", "Y"]))
    outs = "loss, " + ", ".join(f"d{k}" for k in sorted(params))
    return Graph("jax", f"JAX {jax.__version__}: jax.make_jaxpr(jax.value_and_grad(loss)), each "
                        "equation run in order",
                 _label(steps, hand), [f"inputs: {leaves}", f"returns {tail[3:].rstrip(' }')} = ({outs})"])


# ---- TensorFlow: the graph tf.function traces from loss_and_grads --------------------------------
_TF_SKIP = ("Placeholder", "Const", "NoOp", "Shape", "BroadcastGradientArgs")  # no arithmetic


def tensorflow_graph(params=None, hand=None) -> Graph:
    import os
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    import tensorflow as tf

    from .impls import tensorflow_net
    params = default_start() if params is None else params
    hand = hand_values(params) if hand is None else hand
    P = {k: tf.Variable(np.asarray(v, dtype=np.float64)) for k, v in params.items()}
    X, Y = tf.constant(XOR_X), tf.constant(XOR_Y)
    traced = tf.function(tensorflow_net.loss_and_grads).get_concrete_function(P, X, Y)
    ops = traced.graph.get_operations()          # in the order they were recorded
    names = dict(zip((t.name for t in traced.inputs), sorted(params) + ["X", "Y"]))  # nest order
    values = {**params, "X": XOR_X, "Y": XOR_Y}
    feeds, label = {}, {}
    for op in ops:                               # a variable's read, and the data: their values
        if op.type == "ReadVariableOp":
            feeds[op.outputs[0].name] = values[names[op.inputs[0].name]]
            label[op.name] = f"ReadVariableOp  {names[op.inputs[0].name]}"
        elif op.type == "Placeholder" and op.outputs[0].dtype != tf.resource:
            feeds[op.outputs[0].name] = values[names[op.outputs[0].name]]
    shown = [op for op in ops if op.type not in _TF_SKIP]
    run = [op for op in shown if op.type != "ReadVariableOp"]
    graph_def = traced.graph.as_graph_def()
    for node in graph_def.node:                  # ordering edges ("^name") carry no values
        kept = [i for i in node.input if not i.startswith("^")]
        del node.input[:]
        node.input.extend(kept)
    with tf.Graph().as_default() as g:           # the same graph, its inputs fixed, every op run
        fetched = tf.graph_util.import_graph_def(
            graph_def, input_map={k: tf.constant(v) for k, v in feeds.items()},
            return_elements=[t.name for op in run for t in op.outputs], name="")
        with tf.compat.v1.Session(graph=g) as session:
            out = iter(session.run(fetched))
    steps = []
    for op in shown:
        if op.type == "ReadVariableOp":
            steps.append(Step(label[op.name], [feeds[op.outputs[0].name]]))
        else:
            outs = [next(out) for _ in op.outputs]
            steps.append(Step(f"{op.type}  {op.name}", [
                o if np.issubdtype(np.asarray(o).dtype, np.floating) else None for o in outs]))
    return Graph("tensorflow", f"TensorFlow {tf.__version__}: the graph tf.function traces from "
                               "loss_and_grads (tape.gradient's ops after the forward ones), "
                               "each op run in order", _label(steps, hand),
                 [f"left out: {', '.join(_TF_SKIP)} ops (inputs, constants, shape bookkeeping)"])


# ---- HIPS autograd: its VJP nodes -------------------------------------------------------------
def hips_graph(params=None, hand=None) -> Graph:
    from importlib.metadata import version

    from autograd.core import SparseObject, VJPNode, add_outgrads
    from autograd.tracer import trace as hips_trace
    from autograd.util import toposort

    from .impls import hips_net
    params = default_start() if params is None else params
    hand = hand_values(params) if hand is None else hand

    class Named(VJPNode):                        # a VJP node that keeps its primitive's name
        __slots__ = ["name", "value"]

        def __init__(self, value, fun, args, kwargs, parent_argnums, parents):
            super().__init__(value, fun, args, kwargs, parent_argnums, parents)
            self.name, self.value = getattr(fun, "__name__", str(fun)), value

        def initialize_root(self):
            super().initialize_root()
            self.name, self.value = "params", None

    P = {k: np.array(v, dtype=np.float64) for k, v in params.items()}
    loss, end = hips_trace(Named.new_root(), lambda p: hips_net.loss(p, XOR_X, XOR_Y), P)
    forward = {name: hand[name] for name in ("z1", "a1", "z2", "loss")}

    def made(value):
        return next((f"  ({n})" for n, h in forward.items() if np.shape(value) == h.shape
                     and np.allclose(value, h, rtol=RTOL, atol=ATOL)), "")

    def dense(g):                                # params[k]'s vjp sends a sparse dict back
        g = g.mut_add(g.vs.zeros()) if isinstance(g, SparseObject) else g
        return [g[k] for k in P] if isinstance(g, dict) else [g]
    steps, outgrads = [], {end: (np.ones_like(loss), False)}
    for node in toposort(end):                   # as autograd.core.backward_pass runs them
        grad = outgrads.pop(node)[0]
        if not node.parents:                     # the root: the dict of parameters
            steps += [Step(f"params  {k}.grad", [grad[k]]) for k in P]
            continue
        ingrads = node.vjp(grad)
        steps.append(Step(node.name + made(node.value), [x for g in ingrads for x in dense(g)]))
        for parent, ingrad in zip(node.parents, ingrads):
            outgrads[parent] = add_outgrads(outgrads.get(parent), ingrad)
    return Graph("hips", f"HIPS autograd {version('autograd')}: the VJP nodes of loss, in the "
                         "order its backward pass runs them (params[k]: container_take)",
                 _label(steps, hand))


# ---- the engine lesson: its own tape -------------------------------------------------------------
def autograd_graph(params=None, hand=None) -> Graph:
    from .impls import autograd_net as ag
    params = default_start() if params is None else params
    hand = hand_values(params) if hand is None else hand
    P = {k: ag.Tensor(np.array(v, dtype=np.float64)) for k, v in params.items()}
    names = {id(p): k for k, p in P.items()}
    z1, a1, z2, a2 = ag.forward(P, XOR_X)
    loss = ag.bce_from_logits(z2, XOR_Y)
    made = {id(z1): "z1", id(a1): "a1", id(z2): "z2", id(loss): "loss"}
    loss.backward()
    steps = []
    for node in reversed(ag.topological_order(loss)):   # the order backward() visits them
        if not node.inputs:
            steps.append(Step(f"leaf  {names[id(node)]}.grad", [node.grad]))
            continue
        label = node.op + (f"  ({made[id(node)]})" if id(node) in made else "")
        steps.append(Step(label, [rule(node.grad) for _, rule in node.inputs]))
    return Graph("autograd", "autograd_net.py: the tape loss.backward() walks, from the loss down",
                 _label(steps, hand))


TRACERS = {"torch": torch_graph, "jax": jax_graph, "tensorflow": tensorflow_graph,
           "hips": hips_graph, "autograd": autograd_graph}


def trace(framework: str, params=None) -> Graph:
    if framework not in TRACERS:
        raise UsageError(f"no graph for {framework!r}: choose from {', '.join(TRACERS)}")
    return TRACERS[framework](params)


def available() -> list[str]:
    import importlib.util
    return [f for f in FRAMEWORKS
            if f == "autograd" or importlib.util.find_spec(MODULE.get(f, f)) is not None]


# ---- text ---------------------------------------------------------------------------------------
def fusions(graph: Graph) -> list[str]:
    """Where one step computes several hand-written lines, or one line takes several steps."""
    notes, run = [], []
    for s in graph.steps:
        op = s.node.split(" = ")[-1].split()[0].split("[")[0] if graph.framework == "jax" \
            else s.node.split()[0]
        run.append(op)
        named = [g.rstrip("ᵀ") for g in s.gives if g]
        new = [n for n in dict.fromkeys(named) if n in GRAD_NAMES and graph.first(n) is s]
        for g in s.gives:
            if g.endswith("ᵀ") and graph.first(g.rstrip("ᵀ")) is s:
                notes.append(f"transposed: {op} computes {g} (the transpose of {g[:-1]})")
        if len(new) > 1:
            notes.append(f"one step, {len(new)} lines: {op} computes {' and '.join(new)}")
        if new and len(run) > 1:
            notes.append(f"one line, {len(run)} steps: {new[0]} takes {' -> '.join(run)}")
        if named:
            run = []                              # the next line starts after a known value
    return notes


def render(graph: Graph, width: int = 120) -> str:
    lines = hand_lines()
    said: set[str] = set()
    node_w = min(max(len(s.node) for s in graph.steps), max(width - 60, 30))
    gives_w = 12
    out = [f"== {graph.title}", *(f"   {h}" for h in graph.header),
           f"   {'node':<{node_w}}  {'gives':<{gives_w}}  hand-written line (impls/numpy_net.py)"]
    for s in graph.steps:
        gives = ", ".join(g for g in s.gives if g)
        new = [g.rstrip("ᵀ") for g in s.gives if g and g.rstrip("ᵀ") not in said]
        said |= set(new)
        right = [lines[n] for n in dict.fromkeys(new)] or \
            ([f"({gives} again)"] if gives else [""])
        node = s.node if len(s.node) <= node_w else s.node[:node_w - 1] + "…"
        out.append(f"   {node:<{node_w}}  {gives:<{gives_w}}  {right[0]}".rstrip())
        out += [f"   {'':<{node_w}}  {'':<{gives_w}}  {r}" for r in right[1:]]
    missing = [n for n in GRAD_NAMES if n not in graph.names()]
    out.append("   every hand-written line has its step" if not missing else
               f"   NOT FOUND: {', '.join(missing)}")
    out += [f"   {n}" for n in fusions(graph)]
    return "\n".join(out) + "\n"


def render_all(frameworks=None, width: int = 120, params=None) -> str:
    """Every graph this machine can build, one after the other; a missing framework says so."""
    frameworks = list(FRAMEWORKS) if frameworks is None else list(frameworks)
    hand = hand_values(params)
    parts = []
    for f in frameworks:
        if f not in available():
            parts.append(f"== {f}: not installed (pip install 'xorgrad[{f}]')\n")
            continue
        parts.append(render(TRACERS[f](params, hand), width))
    return "\n".join(parts)
