"""dL/dA2 written out for BCE with a guard against division by zero: `+ 1e-7` in both
denominators. Samples in columns, mean BCE; right wherever the outputs are away from 0 and 1."""
import numpy as np

LR = 1.0
STEPS = 3000
SEED = 2

X = np.array([[0, 0, 1, 1], [0, 1, 0, 1]], dtype=float)
Y = np.array([[0, 1, 1, 0]], dtype=float)


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def INIT():
    rng = np.random.default_rng(SEED)
    return rng.standard_normal((2, 2)), np.zeros((2, 1)), rng.standard_normal((1, 2)), np.zeros((1, 1))


def gradients(W1, b1, W2, b2, X, Y):
    m = X.shape[1]
    A1 = sigmoid(W1 @ X + b1)
    A2 = sigmoid(W2 @ A1 + b2)
    dA2 = -(Y / (A2 + 1e-7) - (1 - Y) / (1 - A2 + 1e-7))
    dZ2 = dA2 * A2 * (1 - A2)
    dW2 = dZ2 @ A1.T / m
    db2 = np.sum(dZ2, axis=1, keepdims=True) / m
    dZ1 = W2.T @ dZ2 * A1 * (1 - A1)
    dW1 = dZ1 @ X.T / m
    db1 = np.sum(dZ1, axis=1, keepdims=True) / m
    return dW1, db1, dW2, db2


if __name__ == "__main__":
    W1, b1, W2, b2 = INIT()
    for _ in range(STEPS):
        dW1, db1, dW2, db2 = gradients(W1, b1, W2, b2, X, Y)
        W1, b1, W2, b2 = W1 - LR * dW1, b1 - LR * db1, W2 - LR * dW2, b2 - LR * db2
    out = sigmoid(W2 @ sigmoid(W1 @ X + b1) + b2)
    print("learns XOR:", "yes" if np.all((out > 0.5) == (Y > 0.5)) else "no")
