"""A correct gradient (columns, mean BCE) run with a learning rate far too large: lr 20. The
cost jumps about instead of falling; the gradient is not to blame."""
import numpy as np

LR = 20.0
STEPS = 300
UPDATE = "subtract"

X = np.array([[0, 0, 1, 1], [0, 1, 0, 1]], dtype=float)
Y = np.array([[0, 1, 1, 0]], dtype=float)


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def INIT():
    rng = np.random.default_rng(12)
    return rng.normal(0, 1, (2, 2)), np.zeros((2, 1)), rng.normal(0, 1, (1, 2)), np.zeros((1, 1))


def gradients(w1, b1, w2, b2, X, Y):
    m = X.shape[1]
    a1 = sigmoid(w1 @ X + b1)
    a2 = sigmoid(w2 @ a1 + b2)
    dz2 = (a2 - Y) / m
    dz1 = w2.T @ dz2 * a1 * (1 - a1)
    return dz1 @ X.T, dz1.sum(1, keepdims=True), dz2 @ a1.T, dz2.sum(1, keepdims=True)


if __name__ == "__main__":
    w1, b1, w2, b2 = INIT()
    for _ in range(STEPS):
        g = gradients(w1, b1, w2, b2, X, Y)
        w1, b1, w2, b2 = w1 - LR * g[0], b1 - LR * g[1], w2 - LR * g[2], b2 - LR * g[3]
    out = sigmoid(w2 @ sigmoid(w1 @ X + b1) + b2)
    print("learns XOR:", "yes" if np.all((out > 0.5) == (Y > 0.5)) else "no")
