"""Shuffled mini-batches of 2, samples in columns (Ng-style), mean cross-entropy per batch. The
hidden delta forgets the output weights: dZ1 = dZ2 * A1 (1 - A1) where W2.T @ dZ2 belongs."""
import numpy as np

np.random.seed(5)

LR = 2.0
STEPS = 3000
HIDDEN = 3
BATCH = 2


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def INIT():
    r = np.random.RandomState(9)
    return r.randn(HIDDEN, 2), np.zeros((HIDDEN, 1)), r.randn(1, HIDDEN), np.zeros((1, 1))


def run_epoch(W1, b1, W2, b2, X, Y, lr):
    perm = np.random.permutation(X.shape[1])
    for s in range(0, X.shape[1], BATCH):
        cols = perm[s:s + BATCH]
        x, y = X[:, cols], Y[:, cols]
        n = x.shape[1]
        A1 = sigmoid(W1 @ x + b1)
        A2 = sigmoid(W2 @ A1 + b2)
        dZ2 = A2 - y
        dZ1 = dZ2 * A1 * (1 - A1)
        W2 -= lr * (dZ2 @ A1.T) / n
        b2 -= lr * dZ2.sum(axis=1, keepdims=True) / n
        W1 -= lr * (dZ1 @ x.T) / n
        b1 -= lr * dZ1.sum(axis=1, keepdims=True) / n


if __name__ == "__main__":
    X = np.array([[0, 0, 1, 1], [0, 1, 0, 1]], dtype=float)
    Y = np.array([[0, 1, 1, 0]], dtype=float)
    W1, b1, W2, b2 = INIT()
    for _ in range(STEPS):
        run_epoch(W1, b1, W2, b2, X, Y, LR)
    out = sigmoid(W2 @ sigmoid(W1 @ X + b1) + b2)
    print("learns XOR:", "yes" if np.all((out > 0.5) == (Y > 0.5)) else "no")
