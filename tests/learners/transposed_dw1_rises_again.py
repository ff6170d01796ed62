"""Samples in rows, 2 hidden sigmoid units, summed binary cross-entropy (no 1/m); the step
returns the new weights. The bug: dW1 = d1.T @ x, the transpose of x.T @ d1 (w1 is square, so
nothing raises). Its own run falls, then rises again from its lowest loss: check's report of
that run must say so, not only "goes down"."""
import numpy as np

LR = 0.5
STEPS = 3000


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def INIT():
    rng = np.random.default_rng(5)
    return rng.normal(0, 1, (2, 2)), np.zeros((1, 2)), rng.normal(0, 1, (2, 1)), np.zeros((1, 1))


def step(w1, b1, w2, b2, x, y, lr):
    h = sigmoid(x @ w1 + b1)        # (4, 2)
    o = sigmoid(h @ w2 + b2)        # (4, 1)
    d2 = o - y                      # (4, 1)
    d1 = (d2 @ w2.T) * h * (1 - h)  # (4, 2)
    w2 = w2 - lr * h.T @ d2
    b2 = b2 - lr * d2.sum(axis=0, keepdims=True)
    w1 = w1 - lr * d1.T @ x
    b1 = b1 - lr * d1.sum(axis=0, keepdims=True)
    return w1, b1, w2, b2


if __name__ == "__main__":
    X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)
    Y = np.array([[0], [1], [1], [0]], dtype=float)
    w1, b1, w2, b2 = INIT()
    for i in range(STEPS):
        w1, b1, w2, b2 = step(w1, b1, w2, b2, X, Y, LR)
    o = sigmoid(sigmoid(X @ w1 + b1) @ w2 + b2)
    print(o.ravel().round(3))
    print("learns XOR:", "yes" if np.all((o > 0.5) == (Y > 0.5)) else "no")
