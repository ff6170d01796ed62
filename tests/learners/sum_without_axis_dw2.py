"""Samples in columns, sigmoid units, mean BCE, a step: dW2 = np.sum(dZ2 * A1) / m has no
axis, so it sums over the hidden units too and both entries of W2 move by one number. Found by
a trial on fresh programs (trial 15): shown as v = [1. 1.], which reads like a ones vector."""
import numpy as np

LR = 1.0
STEPS = 3000


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def INIT():
    rng = np.random.default_rng(4)
    return (rng.normal(size=(2, 2)), np.zeros((2, 1)),
            rng.normal(size=(1, 2)), np.zeros((1, 1)))


def step(W1, b1, W2, b2, X, Y, lr):
    m = X.shape[1]
    A1 = sigmoid(W1 @ X + b1)
    A2 = sigmoid(W2 @ A1 + b2)
    dZ2 = A2 - Y
    dW2 = np.sum(dZ2 * A1) / m
    db2 = np.sum(dZ2) / m
    dZ1 = (W2.T @ dZ2) * A1 * (1 - A1)
    dW1 = dZ1 @ X.T / m
    db1 = np.sum(dZ1, axis=1, keepdims=True) / m
    W1 = W1 - lr * dW1
    b1 = b1 - lr * db1
    W2 = W2 - lr * dW2
    b2 = b2 - lr * db2
    return W1, b1, W2, b2


if __name__ == "__main__":
    X = np.array([[0., 0., 1., 1.], [0., 1., 0., 1.]])
    Y = np.array([[0., 1., 1., 0.]])
    W1, b1, W2, b2 = INIT()
    for _ in range(STEPS):
        W1, b1, W2, b2 = step(W1, b1, W2, b2, X, Y, LR)
    A2 = sigmoid(W2 @ sigmoid(W1 @ X + b1) + b2)
    print("outputs:", A2.round(3))
    print("learns XOR:", "yes" if np.all((A2 > 0.5) == (Y > 0.5)) else "no")
