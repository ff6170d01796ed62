"""Stochastic updates: one training step is a loop over the samples, updating after each one
(online learning) with the cross-entropy of that sample. A correct step for the summed BCE."""
import numpy as np

LR = 0.5
STEPS = 3000

X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)
Y = np.array([[0], [1], [1], [0]], dtype=float)


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def INIT():
    rng = np.random.default_rng(1)
    return rng.standard_normal((2, 2)), np.zeros(2), rng.standard_normal((2, 1)), np.zeros(1)


def sgd_epoch(w1, b1, w2, b2, X, Y, lr):
    for x, t in zip(X, Y):
        x = x.reshape(1, 2)
        h = sigmoid(x @ w1 + b1)
        o = sigmoid(h @ w2 + b2)
        d_o = o - t                             # BCE with a sigmoid output: dL/dz = o - t
        d_h = (d_o @ w2.T) * h * (1 - h)
        w2 = w2 - lr * h.T @ d_o
        b2 = b2 - lr * d_o.ravel()
        w1 = w1 - lr * x.T @ d_h
        b1 = b1 - lr * d_h.ravel()
    return w1, b1, w2, b2


if __name__ == "__main__":
    w1, b1, w2, b2 = INIT()
    for epoch in range(STEPS):
        w1, b1, w2, b2 = sgd_epoch(w1, b1, w2, b2, X, Y, LR)
    out = sigmoid(sigmoid(X @ w1 + b1) @ w2 + b2)
    print("learns XOR:", "yes" if np.all((out > 0.5) == (Y > 0.5)) else "no")
