"""A 2-3-1 sigmoid net, loss 1/(2m) sum (a2 - y)^2, samples in rows, updated in place. The
output layer's update uses the module's LEARNING_RATE, the hidden layer's the lr argument: they
agree only while the two are equal."""
import numpy as np

LEARNING_RATE = 2.0
LR = LEARNING_RATE
STEPS = 4000
HIDDEN = 3


def sig(v):
    return 1 / (1 + np.exp(-v))


def INIT():
    g = np.random.default_rng(11)
    return g.normal(0, 1, (2, HIDDEN)), np.zeros((1, HIDDEN)), g.normal(0, 1, (HIDDEN, 1)), \
        np.zeros((1, 1))


def update(W1, b1, W2, b2, X, Y, lr):
    m = X.shape[0]
    A1 = sig(X @ W1 + b1)
    A2 = sig(A1 @ W2 + b2)
    D2 = (A2 - Y) / m * A2 * (1 - A2)
    D1 = (D2 @ W2.T) * A1 * (1 - A1)
    W2 -= LEARNING_RATE * (A1.T @ D2)
    b2 -= LEARNING_RATE * D2.sum(axis=0, keepdims=True)
    W1 -= lr * (X.T @ D1)
    b1 -= lr * D1.sum(axis=0, keepdims=True)


if __name__ == "__main__":
    X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)
    Y = np.array([[0], [1], [1], [0]], dtype=float)
    W1, b1, W2, b2 = INIT()
    for _ in range(STEPS):
        update(W1, b1, W2, b2, X, Y, LR)
    out = sig(sig(X @ W1 + b1) @ W2 + b2)
    print("learns XOR:", "yes" if np.all((out > 0.5) == (Y > 0.5)) else "no")
