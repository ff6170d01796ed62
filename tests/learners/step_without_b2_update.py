"""A compact NumPy training step, samples in rows, sigmoid everywhere, mean cross-entropy,
updating the arrays in place. It computes every gradient right but never applies the output
bias's: the line `b2 -= lr * db2` is missing, so b2 stays where INIT() put it."""
import numpy as np

LR = 1.0
STEPS = 2000


def sig(z):
    return 1 / (1 + np.exp(-z))


def INIT():
    rng = np.random.default_rng(0)
    return rng.normal(size=(2, 2)), np.zeros((1, 2)), rng.normal(size=(2, 1)), np.zeros((1, 1))


def step(W1, b1, W2, b2, X, Y, lr):
    m = len(X)
    h = sig(X @ W1 + b1)
    o = sig(h @ W2 + b2)
    d2 = (o - Y) / m
    d1 = d2 @ W2.T * h * (1 - h)
    db2 = d2.sum(0, keepdims=True)
    W2 -= lr * h.T @ d2
    W1 -= lr * X.T @ d1
    b1 -= lr * d1.sum(0, keepdims=True)


if __name__ == "__main__":
    X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)
    Y = np.array([[0], [1], [1], [0]], dtype=float)
    W1, b1, W2, b2 = INIT()
    for _ in range(STEPS):
        step(W1, b1, W2, b2, X, Y, LR)
    out = sig(sig(X @ W1 + b1) @ W2 + b2)
    print("learns XOR:", "yes" if np.all((out > 0.5) == (Y > 0.5)) else "no")
