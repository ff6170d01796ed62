"""A correct hand-written backprop for the 2-2-1 XOR net, in the original question's layout.

The sigmoid and the binary cross-entropy cancel: dL/dz2 = (a2 - Y) / m, with no division by
a2 (1 - a2), so it stays finite even when an output rounds to exactly 0 or 1. It returns a dict
(the other examples return a tuple; `check` accepts both). The settings are the project's
defaults, which do learn XOR.

    python examples/correct.py
    xorgrad check examples/correct.py:gradients      # exits 0
"""

import numpy as np

INIT_SCALE = 1.0
LR = 1.0
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
    dz2 = (a2 - Y) / m                        # dL/dz2: sigmoid and BCE cancel
    dw2 = dz2 @ a1.T
    db2 = np.sum(dz2, axis=1, keepdims=True)
    da1 = w2.T @ dz2
    dz1 = da1 * a1 * (1 - a1)
    dw1 = dz1 @ X.T
    db1 = np.sum(dz1, axis=1, keepdims=True)
    return {"w1": dw1, "b1": db1, "w2": dw2, "b2": db2}


def cost(w1, b1, w2, b2, X, Y):
    z2 = w2 @ sigmoid(w1 @ X + b1) + b2
    return np.mean(np.logaddexp(0, z2) - Y * z2)   # mean BCE from the logit: never log(0)


COST = cost   # `xorgrad check` judges the gradient against the cost this file prints


if __name__ == "__main__":
    rng = np.random.default_rng(0)
    w1, b1 = rng.standard_normal((2, 2)) * INIT_SCALE, np.zeros((2, 1))
    w2, b2 = rng.standard_normal((1, 2)) * INIT_SCALE, np.zeros((1, 1))
    for step in range(STEPS + 1):
        if step % 100 == 0:
            print(f"step {step:4d}  cost {cost(w1, b1, w2, b2, X, Y):.5f}")
        if step == STEPS:
            break
        g = gradients(w1, b1, w2, b2, X, Y)
        w1, b1 = w1 - LR * g["w1"], b1 - LR * g["b1"]
        w2, b2 = w2 - LR * g["w2"], b2 - LR * g["b2"]
    a2 = sigmoid(w2 @ sigmoid(w1 @ X + b1) + b2)
    print(f"outputs {np.round(a2[0], 3)}  labels {Y[0]}")
