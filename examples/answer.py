"""The accepted answer's backprop, reproduced: the sign is fixed, but the 1/m is missing.

Written fresh from the facts in the project's seed notes (not the answer's own code). Its cost is
the MEAN over the m samples, but its gradient is that of the SUM: every entry is m = 4 times the
true one (the direction is right, the length is not).

The answer also trained on the labels [0, 1, 1, 1]: that is OR, not XOR, and OR is what it
learned. With the XOR labels and the answer's own settings (init randn * 0.001, lr 0.1) the net
never leaves the plateau at cost ln 2 = 0.693 (every output 0.5).

    python examples/answer.py                        # trains on XOR, then on OR
    xorgrad check examples/answer.py:gradients       # names the factor 4 = m
"""

import numpy as np

INIT_SCALE = 0.001  # w ~ randn * 0.001, as in the answer
LR = 0.1
STEPS = 1000
UPDATE = "subtract"   # the loop below does W = W - LR * dW (tells `xorgrad check`)

X = np.array([[0.0, 0.0, 1.0, 1.0],
              [0.0, 1.0, 0.0, 1.0]])   # (2, 4): one column per sample
Y = np.array([[0.0, 1.0, 1.0, 0.0]])   # (1, 4): XOR
Y_OR = np.array([[0.0, 1.0, 1.0, 1.0]])  # the answer's labels: OR


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def gradients(w1, b1, w2, b2, X, Y):
    # forward
    z1 = w1 @ X + b1
    a1 = sigmoid(z1)
    z2 = w2 @ a1 + b2
    a2 = sigmoid(z2)
    # backward
    da2 = (a2 - Y) / (a2 * (1 - a2))          # the sign is right; but no 1/m: summed loss
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
    return -np.mean(Y * np.log(a2) + (1 - Y) * np.log(1 - a2))   # the MEAN over the samples


COST = cost   # `xorgrad check` judges the gradient against the cost this file prints


def train(labels, name):
    rng = np.random.default_rng(0)
    w1, b1 = rng.standard_normal((2, 2)) * INIT_SCALE, np.zeros((2, 1))
    w2, b2 = rng.standard_normal((1, 2)) * INIT_SCALE, np.zeros((1, 1))
    for step in range(STEPS + 1):
        if step % 200 == 0:
            print(f"{name}  step {step:4d}  cost {cost(w1, b1, w2, b2, X, labels):.5f}")
        if step == STEPS:
            break
        dw1, db1, dw2, db2 = gradients(w1, b1, w2, b2, X, labels)
        w1, b1 = w1 - LR * dw1, b1 - LR * db1
        w2, b2 = w2 - LR * dw2, b2 - LR * db2
    a2 = sigmoid(w2 @ sigmoid(w1 @ X + b1) + b2)
    print(f"{name}  outputs {np.round(a2[0], 3)}  labels {labels[0]}")


if __name__ == "__main__":
    train(Y, "XOR")
    train(Y_OR, "OR ")
