"""The 2-2-1 XOR net on a reverse-mode autograd engine written from scratch over NumPy arrays.

Read it beside torch_net.py: the net is the same lines and its backward pass is the same
`loss.sum().backward()`. What this file adds is the engine that PyTorch keeps out of sight: every
operation returns a Tensor that remembers its inputs and, for each input, the rule that sends the
gradient back to it; `backward()` visits the recorded nodes from the loss down and adds each
node's share into its inputs' `.grad`. Read it beside numpy_net.py: each line of that file's
hand-written backward pass is one rule below (dz2 is `z2.grad`, da1 is `a1.grad`, ...).

Shapes: X (2, m) one column per sample, Y (1, m); w1 (h, 2), b1 (h, 1), w2 (1, h), b2 (1, 1).
"""

import numpy as np


# ---- engine: a tensor that remembers how it was made ---------------------------------------
class Tensor:
    """A NumPy array, a slot for dL/d(array), and the operation that made it."""

    def __init__(self, value, inputs=(), op="leaf"):
        self.value = value                    # the array itself
        self.grad = None                      # dL/d(value), filled in by backward()
        self.inputs = inputs                  # [(tensor, rule), ...]: rule(g) = that input's share
        self.op = op                          # the operation's name, to print the tape

    def __add__(self, other):
        return add(self, other)

    def __radd__(self, other):
        return add(other, self)

    def __matmul__(self, other):
        return matmul(self, other)

    def __rmatmul__(self, other):
        return matmul(other, self)

    def sum(self):
        return total(self)

    def backward(self, grad=None):
        """dL/dt into t.grad for every tensor t that this scalar L was made from (`grad`: start
        from dL/d(this) instead of 1)."""
        self.grad = np.ones_like(self.value) if grad is None else grad  # dL/dL = 1
        for node in reversed(topological_order(self)):  # a node only after every node using it
            for tensor, rule in node.inputs:
                g = rule(node.grad)                     # chain rule: dL/dinput from dL/dnode
                tensor.grad = g if tensor.grad is None else tensor.grad + g  # paths add up


def topological_order(root):
    """Every tensor `root` was made from, each one after all of its inputs (depth first)."""
    order, seen = [], set()
    visit(root, order, seen)
    return order


def visit(t, order, seen):
    if id(t) not in seen:
        seen.add(id(t))
        for tensor, _ in t.inputs:
            visit(tensor, order, seen)        # its inputs first
        order.append(t)                       # then the tensor itself


# ---- engine: the operations this net needs, each with its backward rule --------------------
def value(x):
    return x.value if isinstance(x, Tensor) else x


def node(out, op, *inputs):
    # a Tensor made by `op`; plain arrays (X, Y) are constants: no gradient, their rule never runs
    return Tensor(out, [(t, rule) for t, rule in inputs if isinstance(t, Tensor)], op)


def unbroadcast(g, shape):
    # an input stretched by broadcasting gets the sum of g over every axis it was stretched along
    if g.shape == shape:
        return g
    g = g.sum(axis=tuple(range(g.ndim - len(shape))))                 # axes added in front
    return g.sum(axis=tuple(i for i, n in enumerate(shape) if n == 1), keepdims=True)


def add(a, b):
    A, B = value(a), value(b)
    return node(A + B, "add", (a, lambda g: unbroadcast(g, np.shape(A))),  # d(A+B)/dA = 1
                (b, lambda g: unbroadcast(g, np.shape(B))))                # d(A+B)/dB = 1


def matmul(a, b):
    A, B = value(a), value(b)
    return node(A @ B, "matmul", (a, lambda g: unbroadcast(g @ B.mT, A.shape)),  # dL/dA = g B^T
                (b, lambda g: unbroadcast(A.mT @ g, B.shape)))                   # dL/dB = A^T g


def sigmoid(z):
    s = 0.5 + 0.5 * np.tanh(0.5 * value(z))  # sigma(z) = (1 + tanh(z / 2)) / 2, never overflows
    return node(s, "sigmoid", (z, lambda g: g * s * (1.0 - s)))  # sigma' = sigma (1 - sigma)


def bce_per_sample(z, Y):
    # each sample's own loss, not yet averaged (bce_from_logits below takes the mean)
    Z = value(z)                              # -[y log sigma(z) + (1-y) log(1 - sigma(z))]
    return node(np.logaddexp(0.0, Z) - Y * Z, "bce_per_sample",  # = log(1 + e^z) - y z, finite
                (z, lambda g: g * (0.5 + 0.5 * np.tanh(0.5 * Z) - Y)))  # d/dz = sigma(z) - y


def mean(x):
    V = value(x)                              # the mean over the last two axes: one per net
    n = V.shape[-2] * V.shape[-1]
    return node(V.sum(axis=(-2, -1)) / n, "mean",
                (x, lambda g: np.broadcast_to(g[..., None, None] / n, V.shape)))  # each gets g/n


def total(x):
    V = value(x)                              # the sum of every element (N nets' losses added)
    return node(V.sum(), "sum", (x, lambda g: np.broadcast_to(g, V.shape)))  # each gets g


# ---- forward -------------------------------------------------------------------------------
def forward(params, X):
    z1 = params["w1"] @ X + params["b1"]      # (h, m) hidden pre-activations
    a1 = sigmoid(z1)                          # (h, m) hidden activations
    z2 = params["w2"] @ a1 + params["b2"]     # (1, m) output logit
    a2 = sigmoid(z2)                          # (1, m) output probability
    return z1, a1, z2, a2


# ---- loss ----------------------------------------------------------------------------------
def bce_from_logits(z2, Y):
    # mean of log(1 + e^z2) - y z2, one stable op: its rule sends back (sigma(z2) - y) / m
    return mean(bce_per_sample(z2, Y))


def loss(params, X, Y):
    z1, a1, z2, a2 = forward(params, X)
    return bce_from_logits(z2, Y)


# ---- backward: the engine above ------------------------------------------------------------
def loss_and_grads(params, X, Y):
    for p in params.values():
        p.grad = None                         # .backward() adds to .grad: start from nothing
    z1, a1, z2, a2 = forward(params, X)
    loss = bce_from_logits(z2, Y)
    loss.sum().backward()                     # the engine: dL/dp into p.grad for every leaf p
    return loss.value, {name: p.grad for name, p in params.items()}  # (the sum: see train_many)


# ---- update --------------------------------------------------------------------------------
def update(params, grads, lr):
    for name, p in params.items():
        p.value -= lr * grads[name]           # gradient descent, in place: p <- p - lr dL/dp


# ---- train loop ----------------------------------------------------------------------------
def train(params, X, Y, steps, lr):
    losses = np.empty(steps, dtype=X.dtype)
    for step in range(steps):
        losses[step], grads = loss_and_grads(params, X, Y)
        update(params, grads, lr)
    return params, losses


# ---- many nets at once: every parameter has a leading axis N -------------------------------
# The same loop as train: forward is a batched matmul (z2 is (N, 1, m)), the loss one per
# net (N,), and loss_and_grads differentiates their sum: nets share nothing, so
# d(sum_j L_j)/dp_i = dL_i/dp_i
def train_many(params, X, Y, steps, lr):
    losses = np.empty((steps, len(params["w1"].value)), dtype=X.dtype)  # row k: every net's loss
    for step in range(steps):
        losses[step], grads = loss_and_grads(params, X, Y)  # the same engine, batched over N
        update(params, grads, lr)
    return params, losses.T                   # (N, steps): one loss curve per net


# ---- beyond the gradient: dual numbers run the same engine forward and backward -------------
# A Dual is a value and its tangent, the value's rate of change as the parameters move along a
# direction v: (x, dx). Every NumPy operation on Duals does its own operation on x and the chain
# rule on dx, so the engine above runs unchanged with Duals where it had arrays:
#   forward on Duals:              L comes back as (L, dL along v)   forward mode: the jvp
#   forward and backward on Duals: each p.grad is (dL/dp, H v)       forward-over-reverse: hvp
# The backward rules are plain NumPy on the forward values (s in sigmoid's rule is a Dual), so
# their tangents carry the second-order terms (sigma'' = sigma' (1 - 2 sigma)) with no new rule.
class Dual(np.lib.mixins.NDArrayOperatorsMixin):
    """x + dx epsilon with epsilon^2 = 0: `+ - * / @` and the ufuncs the engine calls."""

    def __init__(self, x, dx):
        self.x = np.asarray(x)                                               # the value
        self.dx = np.broadcast_to(np.asarray(dx, self.x.dtype), self.x.shape)  # its tangent

    shape = property(lambda self: self.x.shape)
    ndim = property(lambda self: self.x.ndim)
    mT = property(lambda self: Dual(self.x.mT, self.dx.mT))

    def __getitem__(self, index):
        return Dual(self.x[index], self.dx[index])

    def sum(self, axis=None, keepdims=False):
        return Dual(self.x.sum(axis, keepdims=keepdims), self.dx.sum(axis, keepdims=keepdims))

    def __array_ufunc__(self, ufunc, method, *args, **kwargs):
        x = [a.x if isinstance(a, Dual) else a for a in args]
        dx = [a.dx if isinstance(a, Dual) else np.zeros_like(a) for a in args]  # constants: 0
        out = ufunc(*x)
        if ufunc in (np.add, np.subtract):
            return Dual(out, ufunc(dx[0], dx[1]))                # d(a +- b) = da +- db
        if ufunc is np.multiply:
            return Dual(out, dx[0] * x[1] + x[0] * dx[1])        # d(ab) = da b + a db
        if ufunc is np.true_divide:
            return Dual(out, (dx[0] - out * dx[1]) / x[1])       # d(a/b) = (da - (a/b) db) / b
        if ufunc is np.matmul:
            return Dual(out, dx[0] @ x[1] + x[0] @ dx[1])        # d(AB) = dA B + A dB
        if ufunc is np.negative:
            return Dual(out, -dx[0])
        if ufunc is np.tanh:
            return Dual(out, (1.0 - out * out) * dx[0])          # tanh' = 1 - tanh^2
        if ufunc is np.logaddexp:                                # log(e^a + e^b): weights e^a, e^b
            return Dual(out, np.exp(x[0] - out) * dx[0] + np.exp(x[1] - out) * dx[1])
        return NotImplemented

    def __array_function__(self, func, types, args, kwargs):
        if func is np.shape:
            return self.x.shape
        if func is np.ones_like:                                 # backward's dL/dL = 1, fixed
            return Dual(np.ones_like(self.x), 0.0)
        if func is np.broadcast_to:
            return Dual(np.broadcast_to(self.x, args[1]), np.broadcast_to(self.dx, args[1]))
        return NotImplemented


def along(params, v):
    return {k: Tensor(Dual(p.value, v[k])) for k, p in params.items()}  # leaves moving along v


def jvp(params, X, Y, v):
    loss = bce_from_logits(forward(along(params, v), X)[2], Y)  # the forward pass on Duals
    return loss.value.x, loss.value.dx                          # (L, dL along v)


def hvp(params, X, Y, v):
    params = along(params, v)
    loss = bce_from_logits(forward(params, X)[2], Y)
    loss.backward()                           # the backward pass on Duals: p.grad = (dL/dp, H v)
    return {name: p.grad.dx for name, p in params.items()}


def hessian_by_hvps(params, X, Y):
    # one HVP per unit vector e: H e is one column of H; H[a][b][i, j] = d2L / da_i db_j
    H = {a: {b: np.zeros(pa.value.shape + pb.value.shape, X.dtype) for b, pb in params.items()}
         for a, pa in params.items()}
    for a, pa in params.items():
        for i in np.ndindex(pa.value.shape):
            e = {k: np.zeros_like(p.value) for k, p in params.items()}
            e[a][i] = 1.0                         # the unit vector along a_i
            for b, column in hvp(params, X, Y, e).items():
                H[a][b][i] = column
    return H


# ---- run on its own: python -m impls.autograd_net ------------------------------------------
if __name__ == "__main__":
    X = np.array([[0.0, 0.0, 1.0, 1.0],
                  [0.0, 1.0, 0.0, 1.0]])          # (2, 4) the four inputs, one per column
    Y = np.array([[0.0, 1.0, 1.0, 0.0]])          # (1, 4) x1 XOR x2
    rng = np.random.default_rng(0)                # weights ~ N(0, 1), biases zero
    params = {"w1": Tensor(rng.standard_normal((2, 2))), "b1": Tensor(np.zeros((2, 1))),
              "w2": Tensor(rng.standard_normal((1, 2))), "b2": Tensor(np.zeros((1, 1)))}
    params, losses = train(params, X, Y, steps=1000, lr=1.0)
    for step in (0, 100, 200, 500, 999):
        print(f"step {step:4d}  loss {losses[step]:.6f}")
    a2 = forward(params, X)[3].value
    print("a2 at (0,0) (0,1) (1,0) (1,1):", " ".join(f"{v:.3f}" for v in a2[0]))
