"""Biases stacked on the weights as their FIRST row: W1 is (3, h), W2 is (h + 1, 1); the step
itself puts a ones column in front of its inputs. Mean BCE, rows, returns the new arrays."""
import numpy as np

LR = 2.0
STEPS = 2000

X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)
Y = np.array([[0], [1], [1], [0]], dtype=float)


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def ones_first(A):
    return np.hstack([np.ones((A.shape[0], 1)), A])


def INIT():
    rng = np.random.default_rng(8)
    return rng.normal(0, 1, (3, 2)), rng.normal(0, 1, (3, 1))


def step(W1, W2, X, Y, lr):
    A0 = ones_first(X)
    A1 = ones_first(sigmoid(A0 @ W1))
    A2 = sigmoid(A1 @ W2)
    d2 = (A2 - Y) / len(X)
    d1 = (d2 @ W2[1:].T) * A1[:, 1:] * (1 - A1[:, 1:])
    return W1 - lr * A0.T @ d1, W2 - lr * A1.T @ d2


if __name__ == "__main__":
    W1, W2 = INIT()
    for _ in range(STEPS):
        W1, W2 = step(W1, W2, X, Y, LR)
    out = sigmoid(ones_first(sigmoid(ones_first(X) @ W1)) @ W2)
    print("learns XOR:", "yes" if np.all((out > 0.5) == (Y > 0.5)) else "no")
