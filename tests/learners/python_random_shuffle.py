"""Per-sample SGD whose order comes from Python's own `random.shuffle` (never seeded), samples
in rows, summed BCE per sample: a right step in any order."""
import random

import numpy as np

LR = 0.5
STEPS = 2000
SEED = 8

X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)
Y = np.array([[0], [1], [1], [0]], dtype=float)


def sig(z):
    return 1 / (1 + np.exp(-z))


def INIT():
    rng = np.random.default_rng(SEED)
    return rng.normal(0, 1, (2, 3)), np.zeros((1, 3)), rng.normal(0, 1, (3, 1)), np.zeros((1, 1))


def epoch(W1, b1, W2, b2, X, Y, lr):
    W1, b1, W2, b2 = W1.copy(), b1.copy(), W2.copy(), b2.copy()
    order = list(range(len(X)))
    random.shuffle(order)
    for i in order:
        x, t = X[i:i + 1], Y[i:i + 1]
        h = sig(x @ W1 + b1)
        o = sig(h @ W2 + b2)
        do = o - t
        dh = do @ W2.T * h * (1 - h)
        W2 -= lr * h.T @ do
        b2 -= lr * do
        W1 -= lr * x.T @ dh
        b1 -= lr * dh
    return W1, b1, W2, b2


if __name__ == "__main__":
    W1, b1, W2, b2 = INIT()
    for _ in range(STEPS):
        W1, b1, W2, b2 = epoch(W1, b1, W2, b2, X, Y, LR)
    out = sig(sig(X @ W1 + b1) @ W2 + b2)
    print("learns XOR:", "yes" if np.all((out > 0.5) == (Y > 0.5)) else "no")
