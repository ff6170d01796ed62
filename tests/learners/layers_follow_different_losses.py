"""Half-converted from squared error to cross-entropy: the output layer uses dz2 = out - y (BCE),
the hidden layer still takes the old squared-error delta. Deltas subtracted, summed losses."""
import numpy as np

LR = 1.0
STEPS = 3000
UPDATE = "subtract"

X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)
Y = np.array([[0], [1], [1], [0]], dtype=float)


def sigmoid(x):
    return 1 / (1 + np.exp(-x))


def INIT():
    rng = np.random.default_rng(6)
    return rng.normal(size=(2, 2)), np.zeros((1, 2)), rng.normal(size=(2, 1)), np.zeros((1, 1))


def grad(W1, b1, W2, b2, X, Y):
    h = sigmoid(X @ W1 + b1)
    out = sigmoid(h @ W2 + b2)
    d_out = out - Y                                # cross-entropy
    d_old = (out - Y) * out * (1 - out)            # squared error, left over
    d_h = d_old @ W2.T * h * (1 - h)
    return X.T @ d_h, d_h.sum(0, keepdims=True), h.T @ d_out, d_out.sum(0, keepdims=True)


if __name__ == "__main__":
    W1, b1, W2, b2 = INIT()
    for _ in range(STEPS):
        g = grad(W1, b1, W2, b2, X, Y)
        W1, b1, W2, b2 = W1 - LR * g[0], b1 - LR * g[1], W2 - LR * g[2], b2 - LR * g[3]
    out = sigmoid(sigmoid(X @ W1 + b1) @ W2 + b2)
    print("learns XOR:", "yes" if np.all((out > 0.5) == (Y > 0.5)) else "no")
