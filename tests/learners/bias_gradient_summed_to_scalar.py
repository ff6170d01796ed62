"""Samples in columns, sigmoid everywhere, mean cross-entropy (the course notation): the
gradient returns (dW1, db1, dW2, db2). Its db1 sums dZ1 over every axis, a scalar where a (3, 1)
column belongs; NumPy broadcasts it into b1 without a word, so every hidden bias gets the same
step. The other three gradients are right."""
import numpy as np

LR = 1.2
STEPS = 4000
HIDDEN = 3
UPDATE = "subtract"


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def INIT():
    np.random.seed(2)
    return (np.random.randn(HIDDEN, 2), np.zeros((HIDDEN, 1)),
            np.random.randn(1, HIDDEN), np.zeros((1, 1)))


def backward_propagation(W1, b1, W2, b2, X, Y):
    m = X.shape[1]
    A1 = sigmoid(W1 @ X + b1)
    A2 = sigmoid(W2 @ A1 + b2)
    dZ2 = A2 - Y
    dW2 = (1 / m) * dZ2 @ A1.T
    db2 = (1 / m) * np.sum(dZ2, axis=1, keepdims=True)
    dZ1 = (W2.T @ dZ2) * A1 * (1 - A1)
    dW1 = (1 / m) * dZ1 @ X.T
    db1 = (1 / m) * np.sum(dZ1)
    return dW1, db1, dW2, db2


if __name__ == "__main__":
    X = np.array([[0, 0, 1, 1], [0, 1, 0, 1]], dtype=float)
    Y = np.array([[0, 1, 1, 0]], dtype=float)
    W1, b1, W2, b2 = INIT()
    for i in range(STEPS):
        dW1, db1, dW2, db2 = backward_propagation(W1, b1, W2, b2, X, Y)
        W1 = W1 - LR * dW1
        b1 = b1 - LR * db1
        W2 = W2 - LR * dW2
        b2 = b2 - LR * db2
    A2 = sigmoid(W2 @ sigmoid(W1 @ X + b1) + b2)
    print("learns XOR:", "yes" if np.all((A2 > 0.5) == (Y > 0.5)) else "no")
