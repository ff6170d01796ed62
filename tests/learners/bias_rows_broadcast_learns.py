"""Samples in rows, mean BCE, and db1 summed over the units (axis=1) instead of the samples
(axis=0), with keepdims: db1 is (4, 1), one number per sample. b1 - lr * db1 broadcasts b1 from
(1, 2) to (4, 2), a bias row per sample, and the loop goes on with that net, which memorises
the four samples: the script learns XOR, though no 2-2-1 net was trained."""
import numpy as np

LR = 1.0
STEPS = 3000


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def INIT():
    rng = np.random.default_rng(6)
    return rng.normal(0, 1, (2, 2)), np.zeros((1, 2)), rng.normal(0, 1, (2, 1)), np.zeros((1, 1))


def gradients(W1, b1, W2, b2, X, Y):
    m = len(X)
    h = sigmoid(X @ W1 + b1)
    out = sigmoid(h @ W2 + b2)
    d_out = (out - Y) / m
    d_h = d_out @ W2.T * h * (1 - h)
    db1 = np.sum(d_h, axis=1, keepdims=True)     # axis=1: over the units, not the samples
    return X.T @ d_h, db1, h.T @ d_out, np.sum(d_out, axis=0, keepdims=True)


if __name__ == "__main__":
    X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)
    Y = np.array([[0], [1], [1], [0]], dtype=float)
    W1, b1, W2, b2 = INIT()
    for i in range(STEPS):
        dW1, db1, dW2, db2 = gradients(W1, b1, W2, b2, X, Y)
        W1, b1, W2, b2 = W1 - LR * dW1, b1 - LR * db1, W2 - LR * dW2, b2 - LR * db2
    out = sigmoid(sigmoid(X @ W1 + b1) @ W2 + b2)
    print(out.ravel().round(3), "b1", b1.shape)
    print("learns XOR:", "yes" if np.all((out > 0.5) == (Y > 0.5)) else "no")
