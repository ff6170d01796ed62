"""Squared error, samples in rows: the output layer's dz2 = err * a2 (1 - a2) is right, but
the hidden delta is built from err = a2 - y itself (dz1 = (W2.T @ err) * a1 (1 - a1)), so dW1
and db1 lack the output's sigmoid derivative. Found by a trial on fresh programs (trial 13):
the stage reading said the hidden layer multiplies by numbers that are no derivative."""
import numpy as np

LR = 4.0
STEPS = 8000


def INIT():
    rng = np.random.default_rng(12)
    return (rng.uniform(-1, 1, (2, 2)), rng.uniform(-1, 1, (1, 2)),
            rng.uniform(-1, 1, (2, 1)), rng.uniform(-1, 1, (1, 1)))


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def grads(W1, b1, W2, b2, X, Y):
    m = X.shape[0]
    a1 = sigmoid(X @ W1 + b1)
    a2 = sigmoid(a1 @ W2 + b2)
    err = a2 - Y
    dz2 = err * a2 * (1 - a2)
    dW2 = a1.T @ dz2 / m
    db2 = dz2.sum(axis=0, keepdims=True) / m
    dz1 = (err @ W2.T) * a1 * (1 - a1)
    dW1 = X.T @ dz1 / m
    db1 = dz1.sum(axis=0, keepdims=True) / m
    return dW1, db1, dW2, db2


if __name__ == "__main__":
    X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)
    Y = np.array([[0], [1], [1], [0]], dtype=float)
    W1, b1, W2, b2 = INIT()
    for _ in range(STEPS):
        dW1, db1, dW2, db2 = grads(W1, b1, W2, b2, X, Y)
        W1 -= LR * dW1; b1 -= LR * db1; W2 -= LR * dW2; b2 -= LR * db2
    out = sigmoid(sigmoid(X @ W1 + b1) @ W2 + b2)
    print("outputs:", np.round(out.ravel(), 3))
    print("learns XOR:", "yes" if np.all((out > 0.5) == (Y == 1)) else "no")
