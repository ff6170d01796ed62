"""The 2-2-1 XOR net in TensorFlow 2: `tf.GradientTape`, `tf.Variable` and `tf.function`.

Read it beside torch_net.py: forward is the same lines; the backward pass records the forward
pass on a `tf.GradientTape` and asks it for `tape.gradient(loss, params)`; the parameters are
`tf.Variable`s updated in place with `assign_sub`; and the training loop is traced once by
`tf.function` into a graph (its Python `for` over `tf.range` becomes a `tf.while_loop`).
`tf.function(jit_compile=True)` would compile that graph with XLA: several times faster per step
on a CPU, but XLA needs the size of `losses` fixed, so every new number of steps compiles anew
(seconds). Both ways train the same numbers.

Shapes: X (2, m) one column per sample, Y (1, m); w1 (h, 2), b1 (h, 1), w2 (1, h), b2 (1, 1).
"""

import os

import numpy as np

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")   # before the import: TensorFlow's C++ log off
_stderr, _null = os.dup(2), os.open(os.devnull, os.O_WRONLY)
os.dup2(_null, 2)      # its start-up lines come before that level is read: fd 2 at /dev/null
try:
    import tensorflow as tf
finally:
    os.dup2(_stderr, 2)
    os.close(_stderr)
    os.close(_null)


# ---- forward -------------------------------------------------------------------------------
def forward(params, X):
    z1 = params["w1"] @ X + params["b1"]      # (h, m) hidden pre-activations
    a1 = tf.sigmoid(z1)                       # (h, m) hidden activations
    z2 = params["w2"] @ a1 + params["b2"]     # (1, m) output logit
    a2 = tf.sigmoid(z2)                       # (1, m) output probability
    return z1, a1, z2, a2


# ---- loss ----------------------------------------------------------------------------------
def bce_from_logits(z2, Y):
    # mean of log(1 + e^z2) - y z2, fused and stable; the mean over the last two axes: one per net
    return tf.reduce_mean(tf.nn.sigmoid_cross_entropy_with_logits(
        labels=tf.broadcast_to(Y, tf.shape(z2)), logits=z2), axis=(-2, -1))  # labels as z2


def loss(params, X, Y):
    z1, a1, z2, a2 = forward(params, X)
    return bce_from_logits(z2, Y)


# ---- backward: the tape --------------------------------------------------------------------
def loss_and_grads(params, X, Y):
    with tf.GradientTape() as tape:           # records every op that reads a tf.Variable
        z1, a1, z2, a2 = forward(params, X)
        loss = bce_from_logits(z2, Y)
    return loss, tape.gradient(loss, params)  # dL/dp (of the sum of loss: see train_many)


# ---- update --------------------------------------------------------------------------------
def update(params, grads, lr):
    for name, p in params.items():
        p.assign_sub(lr * grads[name])        # gradient descent, in place: p <- p - lr dL/dp


# ---- train loop ----------------------------------------------------------------------------
@tf.function                                  # traced once per dtype and shape into a graph
def train(params, X, Y, steps, lr):
    losses = tf.TensorArray(X.dtype, size=steps, element_shape=())
    for step in tf.range(steps):              # a tf.while_loop inside the graph
        loss, grads = loss_and_grads(params, X, Y)
        losses = losses.write(step, loss)
        update(params, grads, lr)
    return params, losses.stack()


# ---- many nets at once: every parameter has a leading axis N -------------------------------
# The same loop as train: forward is a batched matmul (z2 is (N, 1, m)), the loss one per
# net (N,), and tape.gradient differentiates their sum: nets share nothing, so
# d(sum_j L_j)/dp_i = dL_i/dp_i
@tf.function                                  # traced once per dtype and N
def train_many(params, X, Y, steps, lr):
    losses = tf.TensorArray(X.dtype, size=steps, element_shape=params["w1"].shape[:1])  # row k
    for step in tf.range(steps):
        loss, grads = loss_and_grads(params, X, Y)  # the same tape, batched over N
        losses = losses.write(step, loss)
        update(params, grads, lr)
    return params, tf.transpose(losses.stack())  # (N, steps): one loss curve per net


# ---- beyond the gradient: jvp, Hessian-vector products, the Hessian ------------------------
# One net. v is a direction, a dict like params. A tape records for reverse mode; a
# ForwardAccumulator pushes a tangent along v forward with every op (forward mode). They nest:
# the outer one differentiates what the inner one computes, its backward pass included.
@tf.function
def jvp(params, X, Y, v):
    with tf.autodiff.ForwardAccumulator(params, v) as acc:  # the params move along v
        L = loss(params, X, Y)
    return L, acc.jvp(L)                      # (L, dL along v), forward mode


@tf.function
def hvp(params, X, Y, v):
    with tf.autodiff.ForwardAccumulator(params, v) as acc:
        with tf.GradientTape() as tape:
            L = loss(params, X, Y)
        grads = tape.gradient(L, params)      # the backward pass, itself watched by acc
    return acc.jvp(grads)                     # forward-over-reverse: dgrad along v = H v


def hvp_reverse_over_reverse(params, X, Y, v):
    with tf.GradientTape() as outer:
        with tf.GradientTape() as inner:
            L = loss(params, X, Y)
        grads = inner.gradient(L, params)     # recorded by the outer tape
        gv = tf.add_n([tf.reduce_sum(grads[k] * v[k]) for k in params])  # grad . v
    return outer.gradient(gv, params)         # d(grad . v)/dp = H v


@tf.function                                  # traced once per dtype and shape into a graph
def hessian_jacrev(params, X, Y):
    with tf.GradientTape(persistent=True) as outer:
        with tf.GradientTape() as inner:
            L = loss(params, X, Y)
        grads = inner.gradient(L, params)     # recorded by the outer tape
    # one backward pass of the outer tape per entry of grads[a], in a tf.while_loop (pfor, the
    # default, would vectorize the 9 passes; for 9 it takes longer to trace than it saves)
    return {a: outer.jacobian(grads[a], params, experimental_use_pfor=False)  # H[a][b] =
            for a in params}                                                  # d(dL/da)/db


def hessian_by_hvps(params, X, Y):
    H = {}                                    # one HVP per unit vector: H e_i is column i
    for a, pa in params.items():
        columns = []
        for i in range(pa.shape.num_elements()):
            e = {k: tf.zeros_like(p) for k, p in params.items()}
            e[a] = tf.reshape(tf.one_hot(i, pa.shape.num_elements(), dtype=pa.dtype), pa.shape)
            columns.append(hvp(params, X, Y, e))  # e_i along a
        H[a] = {b: tf.reshape(tf.stack([c[b] for c in columns]), pa.shape + params[b].shape)
                for b in params}
    return H


# ---- run on its own: python -m impls.tensorflow_net ----------------------------------------
if __name__ == "__main__":
    X = tf.constant([[0.0, 0.0, 1.0, 1.0],
                     [0.0, 1.0, 0.0, 1.0]], tf.float64)  # (2, 4) the four inputs, one per column
    Y = tf.constant([[0.0, 1.0, 1.0, 0.0]], tf.float64)  # (1, 4) x1 XOR x2
    rng = np.random.default_rng(0)                # weights ~ N(0, 1), biases zero
    params = {"w1": tf.Variable(rng.standard_normal((2, 2))), "b1": tf.Variable(np.zeros((2, 1))),
              "w2": tf.Variable(rng.standard_normal((1, 2))), "b2": tf.Variable(np.zeros((1, 1)))}
    params, losses = train(params, X, Y, steps=1000, lr=1.0)
    for step in (0, 100, 200, 500, 999):
        print(f"step {step:4d}  loss {losses[step]:.6f}")
    a2 = forward(params, X)[3]
    print("a2 at (0,0) (0,1) (1,0) (1,1):", " ".join(f"{v:.3f}" for v in a2[0]))
