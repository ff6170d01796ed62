"""A bias on the hidden layer only (the output layer has none), rows, mean squared error, a
gradient the loop subtracts."""
import numpy as np

LR = 2.0
STEPS = 6000
HIDDEN = 3
UPDATE = "subtract"

X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)
Y = np.array([[0], [1], [1], [0]], dtype=float)


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def INIT():
    rng = np.random.default_rng(2)
    return rng.normal(0, 1, (2, HIDDEN)), np.zeros((1, HIDDEN)), rng.normal(0, 1, (HIDDEN, 1))


def grads(W1, b1, W2, X, Y):
    A1 = sigmoid(X @ W1 + b1)
    A2 = sigmoid(A1 @ W2)
    dZ2 = 2 * (A2 - Y) / len(X) * A2 * (1 - A2)
    dZ1 = dZ2 @ W2.T * A1 * (1 - A1)
    return X.T @ dZ1, dZ1.sum(axis=0, keepdims=True), A1.T @ dZ2


if __name__ == "__main__":
    W1, b1, W2 = INIT()
    for _ in range(STEPS):
        g = grads(W1, b1, W2, X, Y)
        W1, b1, W2 = W1 - LR * g[0], b1 - LR * g[1], W2 - LR * g[2]
    out = sigmoid(sigmoid(X @ W1 + b1) @ W2)
    print("learns XOR:", "yes" if np.all((out > 0.5) == (Y > 0.5)) else "no")
