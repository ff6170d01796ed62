"""Samples in columns, mean squared error over a random mini-batch of two samples, drawn afresh in
every step with np.random.permutation (the file seeds NumPy's generator once). Each step follows
two samples' gradient; its expectation is the gradient of the mean squared error on all four:
right, and noisy."""
import numpy as np

np.random.seed(3)
LR = 2.0
STEPS = 8000


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def INIT():
    g = np.random.RandomState(11)
    return g.randn(2, 2), np.zeros((2, 1)), g.randn(1, 2), np.zeros((1, 1))


def minibatch_step(W1, b1, W2, b2, X, Y, lr):
    pick = np.random.permutation(X.shape[1])[:2]
    x, y = X[:, pick], Y[:, pick]
    A1 = sigmoid(W1 @ x + b1)
    A2 = sigmoid(W2 @ A1 + b2)
    D2 = 2 * (A2 - y) * A2 * (1 - A2) / 2        # d/dz2 of mean((A2 - y)^2) over the batch
    D1 = (W2.T @ D2) * A1 * (1 - A1)
    return (W1 - lr * D1 @ x.T, b1 - lr * D1.sum(axis=1, keepdims=True),
            W2 - lr * D2 @ A1.T, b2 - lr * D2.sum(axis=1, keepdims=True))


if __name__ == "__main__":
    X = np.array([[0, 0, 1, 1], [0, 1, 0, 1]], dtype=float)
    Y = np.array([[0, 1, 1, 0]], dtype=float)
    params = INIT()
    for i in range(STEPS):
        params = minibatch_step(*params, X, Y, LR)
    W1, b1, W2, b2 = params
    out = sigmoid(W2 @ sigmoid(W1 @ X + b1) + b2)
    print(out.round(3))
    print("learns XOR:", "yes" if np.all((out > 0.5) == (Y > 0.5)) else "no")
