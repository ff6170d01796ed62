"""A tanh hidden layer backpropagated with the sigmoid's derivative, dZ1 = W2.T @ dZ2 * A1 *
(1 - A1), copied from a sigmoid tutorial. Samples in columns, sigmoid output, mean BCE."""
import numpy as np

LR = 0.5
STEPS = 3000
SEED = 3

X = np.array([[0, 0, 1, 1], [0, 1, 0, 1]], dtype=float)
Y = np.array([[0, 1, 1, 0]], dtype=float)


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def INIT():
    rng = np.random.default_rng(SEED)
    return rng.standard_normal((2, 2)), np.zeros((2, 1)), rng.standard_normal((1, 2)), np.zeros((1, 1))


def grads(W1, b1, W2, b2, X, Y):
    m = X.shape[1]
    A1 = np.tanh(W1 @ X + b1)
    A2 = sigmoid(W2 @ A1 + b2)
    dZ2 = A2 - Y
    dW2 = dZ2 @ A1.T / m
    db2 = np.sum(dZ2, axis=1, keepdims=True) / m
    dZ1 = W2.T @ dZ2 * A1 * (1 - A1)
    dW1 = dZ1 @ X.T / m
    db1 = np.sum(dZ1, axis=1, keepdims=True) / m
    return dW1, db1, dW2, db2


if __name__ == "__main__":
    W1, b1, W2, b2 = INIT()
    for _ in range(STEPS):
        dW1, db1, dW2, db2 = grads(W1, b1, W2, b2, X, Y)
        W1, b1, W2, b2 = W1 - LR * dW1, b1 - LR * db1, W2 - LR * dW2, b2 - LR * db2
    out = sigmoid(W2 @ np.tanh(W1 @ X + b1) + b2)
    print("learns XOR:", "yes" if np.all((out > 0.5) == (Y > 0.5)) else "no")
