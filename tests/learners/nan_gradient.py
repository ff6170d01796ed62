"""Gradients accumulated sample by sample into arrays started with np.full_like(W, np.nan)
(meant: np.zeros_like): every entry is nan from the first call. Rows, summed BCE."""
import numpy as np

LR = 0.5
STEPS = 200
UPDATE = "subtract"

X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)
Y = np.array([[0], [1], [1], [0]], dtype=float)


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def INIT():
    rng = np.random.default_rng(1)
    return rng.normal(0, 1, (2, 2)), np.zeros((1, 2)), rng.normal(0, 1, (2, 1)), np.zeros((1, 1))


def grads(W1, b1, W2, b2, X, Y):
    gW1, gb1, gW2, gb2 = (np.full_like(a, np.nan) for a in (W1, b1, W2, b2))
    for x, y in zip(X, Y):
        x = x[None, :]
        h = sigmoid(x @ W1 + b1)
        o = sigmoid(h @ W2 + b2)
        d2 = o - y
        d1 = d2 @ W2.T * h * (1 - h)
        gW1 += x.T @ d1
        gb1 += d1
        gW2 += h.T @ d2
        gb2 += d2
    return gW1, gb1, gW2, gb2


if __name__ == "__main__":
    W1, b1, W2, b2 = INIT()
    for _ in range(STEPS):
        g = grads(W1, b1, W2, b2, X, Y)
        W1, b1, W2, b2 = W1 - LR * g[0], b1 - LR * g[1], W2 - LR * g[2], b2 - LR * g[3]
    out = sigmoid(sigmoid(X @ W1 + b1) @ W2 + b2)
    print("learns XOR:", "yes" if np.all((out > 0.5) == (Y > 0.5)) else "no")
