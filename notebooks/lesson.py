# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#       format_version: '1.3'
#       jupytext_version: 1.19.6
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # One XOR net, six autograd stories
#
# The same 2-2-1 network (2 inputs, 2 sigmoid hidden units, 1 sigmoid output, mean binary
# cross-entropy from the logits) written six times in `impls/`: NumPy with every derivative by
# hand, PyTorch autograd, JAX `jit`, TensorFlow's `GradientTape`, HIPS autograd, and a
# reverse-mode engine written from scratch. This notebook
# reads them side by side, runs the comparison, draws the pictures, and then checks **your**
# backprop. Nothing here is typed twice: the code comes from the lesson files, the numbers from
# `xorgrad`.

# %%
import numpy as np

import xorgrad
from xorgrad import plots, sidebyside

stages = {s.name: s for s in sidebyside.load()}
list(stages)

# %% [markdown]
# ## The forward pass reads the same in every lesson

# %%
stages["forward"]

# %% [markdown]
# ## The backward pass is where they part
# NumPy spells out every derivative; PyTorch records the forward pass and calls
# `loss.backward()`; JAX derives a new function with `jax.value_and_grad`; TensorFlow reads the
# gradient off a `GradientTape`; HIPS autograd differentiates the NumPy code itself; the last
# lesson calls `backward()` on its own engine.

# %%
stages["backward"]

# %%
stages["update"]

# %% [markdown]
# ## Proven equal: the comparison table
# Every backend, device and dtype installed here, from the same float64 start: the gradient's
# error against central differences and against float64 NumPy, and the result of training.
# (`print(table)` gives the text the `xorgrad` command prints.)

# %%
table = xorgrad.compare()
table

# %% [markdown]
# ## Pictures
# What the trained net computes over the unit square, and what each hidden unit learned.

# %%
plots.decision_boundary()

# %%
plots.hidden_units()

# %% [markdown]
# ## Paste your backprop here
# Replace the body of `gradients` with yours: the question's shapes, `X` (2, m) one column per
# sample (or one sample per row: `check` finds out). The settings below are read by `check` as
# it reads a file's: your `LR`, `STEPS` and `INIT_SCALE` are the run it describes. The function
# as given is the original question's, with its one sign slip; `check` says where.

# %%
LR = 1.0
STEPS = 1000
INIT_SCALE = 1.0


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def gradients(w1, b1, w2, b2, X, Y):
    m = X.shape[1]
    z1 = w1 @ X + b1
    a1 = sigmoid(z1)
    z2 = w2 @ a1 + b2
    a2 = sigmoid(z2)
    da2 = -(1 / m) * (Y / a2 + (1 - Y) / (1 - a2))   # the question's line: one sign is wrong
    dz2 = da2 * a2 * (1 - a2)
    dw2 = dz2 @ a1.T
    db2 = np.sum(dz2, axis=1, keepdims=True)
    da1 = w2.T @ dz2
    dz1 = da1 * a1 * (1 - a1)
    dw1 = dz1 @ X.T
    db1 = np.sum(dz1, axis=1, keepdims=True)
    return dw1, db1, dw2, db2


# %% [markdown]
# `check` runs your function in a child process (an endless loop or `sys.exit` cannot hurt this
# notebook), names the parameters that are wrong and why, and trains with your update beside the
# true gradient. `print(result.report())` gives the whole text.

# %%
result = xorgrad.check(gradients)
result

# %% [markdown]
# The same learner, trained beside the reference backprop, with the cosine between the direction
# your update follows and the true gradient along the way:

# %%
plots.learner_vs_reference(gradients)
