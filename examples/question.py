"""The original question's backprop, reproduced: a 2-2-1 sigmoid net for XOR whose cost rises.

Written fresh from the facts in the project's seed notes (not the learner's own code). One sign
is wrong: in dL/da2 the (1 - Y) / (1 - a2) term should be subtracted, and here it is added. The
result is the gradient of the loss on the y = 1 samples MINUS that on the y = 0 samples: descent
on two samples, ascent on the other two, so every output is pushed towards 1 and the cost climbs.

    python examples/question.py                      # trains and prints the cost
    xorgrad check examples/question.py:gradients     # says what is wrong, and what it does
"""

import numpy as np

INIT_SCALE = 0.01   # w ~ randn * 0.01, as in the question
LR = 0.1
STEPS = 1000
UPDATE = "subtract"   # the loop below does W = W - LR * dW (tells `xorgrad check`)

X = np.array([[0.0, 0.0, 1.0, 1.0],
              [0.0, 1.0, 0.0, 1.0]])   # (2, 4): one column per sample
Y = np.array([[0.0, 1.0, 1.0, 0.0]])   # (1, 4): XOR


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def gradients(w1, b1, w2, b2, X, Y):
    m = X.shape[1]
    # forward
    z1 = w1 @ X + b1
    a1 = sigmoid(z1)
    z2 = w2 @ a1 + b2
    a2 = sigmoid(z2)
    # backward
    da2 = -(1 / m) * (Y / a2 + (1 - Y) / (1 - a2))   # BUG: the second term must be subtracted
    dz2 = da2 * a2 * (1 - a2)
    dw2 = dz2 @ a1.T
    db2 = np.sum(dz2, axis=1, keepdims=True)
    da1 = w2.T @ dz2
    dz1 = da1 * a1 * (1 - a1)
    dw1 = dz1 @ X.T
    db1 = np.sum(dz1, axis=1, keepdims=True)
    return dw1, db1, dw2, db2


def cost(w1, b1, w2, b2, X, Y):
    a2 = sigmoid(w2 @ sigmoid(w1 @ X + b1) + b2)
    return -np.mean(Y * np.log(a2) + (1 - Y) * np.log(1 - a2))   # inf once a2 rounds to 1


COST = cost   # `xorgrad check` judges the gradient against the cost this file prints


if __name__ == "__main__":
    rng = np.random.default_rng(0)
    w1, b1 = rng.standard_normal((2, 2)) * INIT_SCALE, np.zeros((2, 1))
    w2, b2 = rng.standard_normal((1, 2)) * INIT_SCALE, np.zeros((1, 1))
    with np.errstate(divide="ignore", invalid="ignore"):   # the naive log gives inf, then nan
        last = 0.0
        for step in range(STEPS + 1):
            c = cost(w1, b1, w2, b2, X, Y)
            if step % 100 == 0 or step == 10 or np.isfinite(last) and not np.isfinite(c):
                print(f"step {step:4d}  cost {c:.5f}")   # also the first inf or nan
            last = c
            if step == STEPS:
                break
            dw1, db1, dw2, db2 = gradients(w1, b1, w2, b2, X, Y)
            w1, b1 = w1 - LR * dw1, b1 - LR * db1
            w2, b2 = w2 - LR * dw2, b2 - LR * db2
