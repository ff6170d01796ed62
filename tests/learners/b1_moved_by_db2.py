"""Samples in rows, sigmoid units, mean BCE, an update function: b1 = b1 - lr * db2, a line
copied from b2's. Found by a trial on fresh programs (trial 15): "wrong in a way check does not
name", and the hidden stage read off db2's numbers."""
import numpy as np

LR = 1.0
STEPS = 3000


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def INIT():
    rng = np.random.default_rng(12)
    return (rng.normal(size=(2, 2)), np.zeros((1, 2)),
            rng.normal(size=(2, 1)), np.zeros((1, 1)))


def update(W1, b1, W2, b2, X, Y, lr):
    m = X.shape[0]
    a1 = sigmoid(X @ W1 + b1)
    a2 = sigmoid(a1 @ W2 + b2)
    dz2 = (a2 - Y) / m
    dW2 = a1.T @ dz2
    db2 = np.sum(dz2, axis=0, keepdims=True)
    dz1 = (dz2 @ W2.T) * a1 * (1 - a1)
    dW1 = X.T @ dz1
    db1 = np.sum(dz1, axis=0, keepdims=True)
    W1 = W1 - lr * dW1
    b1 = b1 - lr * db2
    W2 = W2 - lr * dW2
    b2 = b2 - lr * db2
    return W1, b1, W2, b2


if __name__ == "__main__":
    X = np.array([[0., 0.], [0., 1.], [1., 0.], [1., 1.]])
    Y = np.array([[0.], [1.], [1.], [0.]])
    p = INIT()
    for _ in range(STEPS):
        p = update(*p, X, Y, LR)
    W1, b1, W2, b2 = p
    out = sigmoid(sigmoid(X @ W1 + b1) @ W2 + b2)
    print("outputs:", out.ravel().round(3))
    print("learns XOR:", "yes" if np.all((out > 0.5) == (Y > 0.5)) else "no")
