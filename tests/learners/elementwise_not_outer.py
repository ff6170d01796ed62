"""A per-sample loop, samples in rows, mean squared error. For dW1 the learner writes the
element-wise `x * delta_h` (two vectors of 2: it broadcasts into every column of the 2x2
accumulator) where np.outer(x, delta_h) belongs; every other line is right."""
import numpy as np

LR = 2.0
STEPS = 4000


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def INIT():
    rng = np.random.default_rng(3)
    return (rng.normal(size=(2, 2)), np.zeros((1, 2)), rng.normal(size=(2, 1)),
            np.zeros((1, 1)))


def backprop(W1, b1, W2, b2, X, Y):
    n = len(X)
    dW1, db1 = np.zeros_like(W1), np.zeros_like(b1)
    dW2, db2 = np.zeros_like(W2), np.zeros_like(b2)
    for x, y in zip(X, Y):
        h = sigmoid(x @ W1 + b1[0])
        out = sigmoid(h @ W2[:, 0] + b2[0, 0])
        delta_out = 2 * (out - y[0]) * out * (1 - out)
        delta_h = W2[:, 0] * delta_out * h * (1 - h)
        dW2[:, 0] += h * delta_out
        db2[0, 0] += delta_out
        dW1 += x * delta_h               # should be np.outer(x, delta_h)
        db1[0] += delta_h
    return dW1 / n, db1 / n, dW2 / n, db2 / n


if __name__ == "__main__":
    X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)
    Y = np.array([[0], [1], [1], [0]], dtype=float)
    W1, b1, W2, b2 = INIT()
    for _ in range(STEPS):
        g = backprop(W1, b1, W2, b2, X, Y)
        W1 -= LR * g[0]; b1 -= LR * g[1]; W2 -= LR * g[2]; b2 -= LR * g[3]
    out = sigmoid(sigmoid(X @ W1 + b1) @ W2 + b2)
    print(out.ravel().round(3))
    print("learns XOR:", "yes" if np.all((out > 0.5) == (Y > 0.5)) else "no")
