"""A cost written defensively, with a small epsilon inside the log: log(a + 1e-9). The gradient
is the exact gradient of the mean BCE (dZ2 = A2 - Y); columns; the cost is printed."""
import numpy as np

LR = 2.0
STEPS = 2000
UPDATE = "subtract"
EPS = 1e-9

X = np.array([[0, 0, 1, 1], [0, 1, 0, 1]], dtype=float)
Y = np.array([[0, 1, 1, 0]], dtype=float)


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def INIT():
    rng = np.random.default_rng(6)
    return rng.normal(0, 1, (3, 2)), np.zeros((3, 1)), rng.normal(0, 1, (1, 3)), np.zeros((1, 1))


def COST(W1, b1, W2, b2, X, Y):
    A2 = sigmoid(W2 @ sigmoid(W1 @ X + b1) + b2)
    return -np.mean(Y * np.log(A2 + EPS) + (1 - Y) * np.log(1 - A2 + EPS))


def backprop(W1, b1, W2, b2, X, Y):
    m = X.shape[1]
    A1 = sigmoid(W1 @ X + b1)
    A2 = sigmoid(W2 @ A1 + b2)
    dZ2 = A2 - Y
    dZ1 = W2.T @ dZ2 * A1 * (1 - A1)
    return dZ1 @ X.T / m, dZ1.sum(1, keepdims=True) / m, dZ2 @ A1.T / m, dZ2.sum(1, keepdims=True) / m


if __name__ == "__main__":
    W1, b1, W2, b2 = INIT()
    for i in range(STEPS):
        g = backprop(W1, b1, W2, b2, X, Y)
        W1, b1, W2, b2 = W1 - LR * g[0], b1 - LR * g[1], W2 - LR * g[2], b2 - LR * g[3]
    print("cost", COST(W1, b1, W2, b2, X, Y))
    out = sigmoid(W2 @ sigmoid(W1 @ X + b1) + b2)
    print("learns XOR:", "yes" if np.all((out > 0.5) == (Y > 0.5)) else "no")
