"""Samples in rows, mean BCE, a step that updates W2 before it backpropagates: the hidden delta
is taken through the W2 the same call has already changed. To first order in lr this is the
gradient step; its lr^2 part is not, and it is there even on data of one sample, which a
per-sample loop's is not."""
import numpy as np

LR = 1.0
STEPS = 4000


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def INIT():
    rng = np.random.default_rng(3)
    return (rng.normal(0, 1, (2, 2)), np.zeros((1, 2)), rng.normal(0, 1, (2, 1)), np.zeros((1, 1)))


def step(W1, b1, W2, b2, X, Y, lr):
    n = len(X)
    a1 = sigmoid(X @ W1 + b1)
    a2 = sigmoid(a1 @ W2 + b2)
    d_out = (a2 - Y) / n
    W2 = W2 - lr * a1.T @ d_out
    b2 = b2 - lr * d_out.sum(axis=0, keepdims=True)
    d_hidden = d_out @ W2.T * a1 * (1 - a1)      # W2 is already the new one here
    W1 = W1 - lr * X.T @ d_hidden
    b1 = b1 - lr * d_hidden.sum(axis=0, keepdims=True)
    return W1, b1, W2, b2


if __name__ == "__main__":
    X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)
    Y = np.array([[0], [1], [1], [0]], dtype=float)
    params = INIT()
    for i in range(STEPS):
        params = step(*params, X, Y, LR)
    W1, b1, W2, b2 = params
    a2 = sigmoid(sigmoid(X @ W1 + b1) @ W2 + b2)
    print(a2.ravel().round(3))
    print("learns XOR:", "yes" if np.all((a2 > 0.5) == (Y > 0.5)) else "no")
