"""Samples in rows; the labels flattened to a vector (Y.ravel()) meet a2 of shape (m, 1): a2 - y
broadcasts to (m, m), and summing it over axis 1 (then / m) to get back to (m, 1) leaves a2 minus
the labels' mean for every sample. Right on one sample, wrong on all four: dw1, db1, dw2 follow a
net with no labels; db2 is right (the sum over the samples does not see it)."""
import numpy as np

LR = 1.0
STEPS = 3000


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def INIT():
    rng = np.random.default_rng(4)
    return (rng.standard_normal((2, 2)), np.zeros((1, 2)), rng.standard_normal((2, 1)),
            np.zeros((1, 1)))


def gradients(W1, b1, W2, b2, X, Y):
    y = Y.ravel()
    m = len(y)
    a1 = sigmoid(X @ W1 + b1)
    a2 = sigmoid(a1 @ W2 + b2)
    delta2 = np.sum(a2 - y, axis=1, keepdims=True) / m
    delta1 = delta2 @ W2.T * a1 * (1 - a1)
    return X.T @ delta1 / m, delta1.sum(0, keepdims=True) / m, a1.T @ delta2 / m, \
        delta2.sum(0, keepdims=True) / m


if __name__ == "__main__":
    X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)
    Y = np.array([[0], [1], [1], [0]], dtype=float)
    W1, b1, W2, b2 = INIT()
    for _ in range(STEPS):
        dW1, db1, dW2, db2 = gradients(W1, b1, W2, b2, X, Y)
        W1, b1, W2, b2 = W1 - LR * dW1, b1 - LR * db1, W2 - LR * dW2, b2 - LR * db2
    out = sigmoid(sigmoid(X @ W1 + b1) @ W2 + b2)
    print("outputs:", out.ravel().round(3))
    print("learns XOR:", "yes" if ((out > 0.5) == (Y > 0.5)).all() else "no")
