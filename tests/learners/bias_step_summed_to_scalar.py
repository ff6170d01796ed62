"""The course notation as a training step that updates its arrays in place: samples in columns,
sigmoid everywhere, mean cross-entropy. db1 sums dZ1 over every axis, a scalar, and
`b1 -= lr * db1` broadcasts it: b1 keeps its (3, 1) shape, but every hidden bias takes the same
step. The other three updates are right."""
import numpy as np

LR = 1.2
STEPS = 4000
HIDDEN = 3


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def INIT():
    np.random.seed(2)
    return (np.random.randn(HIDDEN, 2), np.zeros((HIDDEN, 1)),
            np.random.randn(1, HIDDEN), np.zeros((1, 1)))


def step(W1, b1, W2, b2, X, Y, lr):
    m = X.shape[1]
    A1 = sigmoid(W1 @ X + b1)
    A2 = sigmoid(W2 @ A1 + b2)
    dZ2 = A2 - Y
    dW2 = (1 / m) * dZ2 @ A1.T
    db2 = (1 / m) * np.sum(dZ2, axis=1, keepdims=True)
    dZ1 = (W2.T @ dZ2) * A1 * (1 - A1)
    dW1 = (1 / m) * dZ1 @ X.T
    db1 = (1 / m) * np.sum(dZ1)
    W1 -= lr * dW1
    b1 -= lr * db1
    W2 -= lr * dW2
    b2 -= lr * db2


if __name__ == "__main__":
    X = np.array([[0, 0, 1, 1], [0, 1, 0, 1]], dtype=float)
    Y = np.array([[0, 1, 1, 0]], dtype=float)
    W1, b1, W2, b2 = INIT()
    for i in range(STEPS):
        step(W1, b1, W2, b2, X, Y, LR)
    A2 = sigmoid(W2 @ sigmoid(W1 @ X + b1) + b2)
    print("learns XOR:", "yes" if np.all((A2 > 0.5) == (Y > 0.5)) else "no")
