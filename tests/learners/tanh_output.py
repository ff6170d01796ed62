"""A tanh output unit trained on the squared error, targets 0 and 1: a net check cannot pair
with its losses (its output is in (-1, 1)). Samples in columns."""
import numpy as np

LR = 0.1
STEPS = 3000
SEED = 6

X = np.array([[0, 0, 1, 1], [0, 1, 0, 1]], dtype=float)
Y = np.array([[0, 1, 1, 0]], dtype=float)


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def INIT():
    rng = np.random.default_rng(SEED)
    return rng.standard_normal((3, 2)), np.zeros((3, 1)), rng.standard_normal((1, 3)), np.zeros((1, 1))


def predict(W1, b1, W2, b2, X):
    return np.tanh(W2 @ sigmoid(W1 @ X + b1) + b2)


def grads(W1, b1, W2, b2, X, Y):
    A1 = sigmoid(W1 @ X + b1)
    A2 = np.tanh(W2 @ A1 + b2)
    dZ2 = (A2 - Y) * (1 - A2 ** 2)
    dW2 = dZ2 @ A1.T
    db2 = np.sum(dZ2, axis=1, keepdims=True)
    dZ1 = W2.T @ dZ2 * A1 * (1 - A1)
    dW1 = dZ1 @ X.T
    db1 = np.sum(dZ1, axis=1, keepdims=True)
    return dW1, db1, dW2, db2


if __name__ == "__main__":
    W1, b1, W2, b2 = INIT()
    for _ in range(STEPS):
        dW1, db1, dW2, db2 = grads(W1, b1, W2, b2, X, Y)
        W1, b1, W2, b2 = W1 - LR * dW1, b1 - LR * db1, W2 - LR * dW2, b2 - LR * db2
    out = predict(W1, b1, W2, b2, X)
    print("learns XOR:", "yes" if np.all((out > 0.5) == (Y > 0.5)) else "no")
