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

import numpy as np
import tensorflow as tf


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
    return tf.reduce_mean(tf.nn.sigmoid_cross_entropy_with_logits(labels=Y, logits=z2),
                          axis=(-2, -1))


# ---- backward: the tape --------------------------------------------------------------------
def loss_and_grads(params, X, Y):
    with tf.GradientTape() as tape:           # records every op that reads a tf.Variable
        z1, a1, z2, a2 = forward(params, X)
        loss = bce_from_logits(z2, Y)
    return loss, tape.gradient(loss, params)  # dL/dp for every variable, as a dict like params


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
@tf.function                                  # traced once per dtype and N
def train_many(params, X, Y, steps, lr):
    losses = tf.TensorArray(X.dtype, size=steps, element_shape=params["w1"].shape[:1])
    for step in tf.range(steps):
        with tf.GradientTape() as tape:
            z1, a1, z2, a2 = forward(params, X)   # batched matmul: z2 is (N, 1, m)
            loss = bce_from_logits(z2, tf.broadcast_to(Y, tf.shape(z2)))  # (N,): each net's own
            total = tf.reduce_sum(loss)       # nets share nothing: d(sum_j L_j)/dp_i = dL_i/dp_i
        losses = losses.write(step, loss)
        update(params, tape.gradient(total, params), lr)
    return params, tf.transpose(losses.stack())  # (N, steps): one loss curve per net


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
