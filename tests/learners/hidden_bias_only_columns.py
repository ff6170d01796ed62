"""Samples in columns, a bias on the hidden layer only (the output unit has none), 4 hidden units,
mean binary cross-entropy: grads(W1, b1, W2, X, Y). Correct."""
import numpy as np

LR = 1.0
STEPS = 5000

X = np.array([[0.0, 0.0, 1.0, 1.0], [0.0, 1.0, 0.0, 1.0]])
Y = np.array([[0.0, 1.0, 1.0, 0.0]])


def INIT():
    rng = np.random.default_rng(11)
    return rng.normal(size=(4, 2)), np.zeros((4, 1)), rng.normal(size=(1, 4))


def grads(W1, b1, W2, X, Y):
    m = X.shape[1]
    A1 = 1 / (1 + np.exp(-(W1 @ X + b1)))
    A2 = 1 / (1 + np.exp(-(W2 @ A1)))
    dZ2 = (A2 - Y) / m
    dZ1 = (W2.T @ dZ2) * A1 * (1 - A1)
    return dZ1 @ X.T, dZ1.sum(axis=1, keepdims=True), dZ2 @ A1.T


if __name__ == "__main__":
    W1, b1, W2 = INIT()
    for _ in range(STEPS):
        dW1, db1, dW2 = grads(W1, b1, W2, X, Y)
        W1, b1, W2 = W1 - LR * dW1, b1 - LR * db1, W2 - LR * dW2
    out = 1 / (1 + np.exp(-(W2 @ (1 / (1 + np.exp(-(W1 @ X + b1)))))))
    print("learns XOR:", "yes" if np.all((out > 0.5) == (Y > 0.5)) else "no")
