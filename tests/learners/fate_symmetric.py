"""Fate: symmetric. Both hidden units start with the same weights (one random draw, copied into
every unit with np.repeat): a correct gradient keeps them identical, so the 2-2-1 net computes
what one unit can.

A correct gradient (tests/test_why.py checks it with `xorgrad check`), written fresh for the
tests of `xorgrad.why`; train() is the learner's own loop, which the tests run further."""
import numpy as np

SEED = 0
INIT_SCALE = 1
LR = 0.5
STEPS = 1000
HIDDEN = 2
UPDATE = "subtract"

X = np.array([[0.0, 0.0, 1.0, 1.0], [0.0, 1.0, 0.0, 1.0]])
Y = np.array([[0.0, 1.0, 1.0, 0.0]])


def INIT():
    rng = np.random.default_rng(SEED)
    w = rng.standard_normal((1, 2)) * INIT_SCALE       # one unit's weights ...
    W1 = np.repeat(w, HIDDEN, axis=0)                 # ... copied into every unit
    W2 = np.full((1, HIDDEN), rng.standard_normal() * INIT_SCALE)
    return W1, np.zeros((HIDDEN, 1)), W2, np.zeros((1, 1))


def forward(W1, b1, W2, b2, X):
    Z1 = W1 @ X + b1
    A1 = 1 / (1 + np.exp(-Z1))
    Z2 = W2 @ A1 + b2
    A2 = 1 / (1 + np.exp(-Z2))
    return Z1, A1, A2


def COST(W1, b1, W2, b2, X, Y):
    A2 = forward(W1, b1, W2, b2, X)[2]
    return -np.mean(Y * np.log(A2) + (1 - Y) * np.log(1 - A2))


def gradients(W1, b1, W2, b2, X, Y):
    m = X.shape[1]
    Z1, A1, A2 = forward(W1, b1, W2, b2, X)
    dZ2 = (A2 - Y) / m                       # mean BCE through a sigmoid output
    dW2 = dZ2 @ A1.T
    db2 = dZ2.sum(axis=1, keepdims=True)
    dZ1 = (W2.T @ dZ2) * (A1 * (1 - A1))    # sigma'(z1) = a1 (1 - a1)
    dW1 = dZ1 @ X.T
    db1 = dZ1.sum(axis=1, keepdims=True)
    return dW1, db1, dW2, db2


def train(steps=STEPS):
    """The learner's loop: (W1, b1, W2, b2) after `steps` updates, and the cost before each."""
    W1, b1, W2, b2 = INIT()
    costs = []
    for _ in range(steps):
        costs.append(COST(W1, b1, W2, b2, X, Y))
        dW1, db1, dW2, db2 = gradients(W1, b1, W2, b2, X, Y)
        W1, b1, W2, b2 = W1 - LR * dW1, b1 - LR * db1, W2 - LR * dW2, b2 - LR * db2
    return (W1, b1, W2, b2), costs


if __name__ == "__main__":
    (W1, b1, W2, b2), costs = train()
    A2 = forward(W1, b1, W2, b2, X)[2]
    print("cost", costs[0], "->", costs[-1], "; learns XOR:",
          "yes" if np.all((A2 > 0.5) == (Y > 0.5)) else "no")
