"""Samples in columns, four hidden units, mean BCE; db1 sums dZ1 over the wrong axis (the units,
axis=0, instead of the samples, axis=1) and reshapes it back: with four samples and four units
its shape is right and only its numbers are wrong. No known pattern: check shows them."""
import numpy as np

LR = 1.0
STEPS = 3000
HIDDEN = 4


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def INIT():
    rng = np.random.default_rng(0)
    return rng.normal(0, 1, (4, 2)), np.zeros((4, 1)), rng.normal(0, 1, (1, 4)), np.zeros((1, 1))


def grads(W1, b1, W2, b2, X, Y):
    m = X.shape[1]
    A1 = sigmoid(W1 @ X + b1)
    A2 = sigmoid(W2 @ A1 + b2)
    dZ2 = A2 - Y
    dZ1 = W2.T @ dZ2 * A1 * (1 - A1)
    db1 = np.sum(dZ1, axis=0).reshape(-1, 1) / m     # axis=0: over the units, not the samples
    return dZ1 @ X.T / m, db1, dZ2 @ A1.T / m, np.sum(dZ2, axis=1, keepdims=True) / m


if __name__ == "__main__":
    X = np.array([[0, 0, 1, 1], [0, 1, 0, 1]], dtype=float)
    Y = np.array([[0, 1, 1, 0]], dtype=float)
    p = list(INIT())
    for i in range(STEPS):
        g = grads(*p, X, Y)
        p = [a - LR * b for a, b in zip(p, g)]
    W1, b1, W2, b2 = p
    a2 = sigmoid(W2 @ sigmoid(W1 @ X + b1) + b2)
    print("learns XOR:", "yes" if np.all((a2 > 0.5) == (Y > 0.5)) else "no")
