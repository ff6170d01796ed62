"""Samples in columns but weights stored (in, out), as a course that writes z = W.T @ x does:
W1 (2, 3), b1 (3, 1), W2 (3, 1), b2 (1, 1); a step on the halved sum of squared errors. Correct."""
import numpy as np

LR = 0.5
STEPS = 6000

X = np.array([[0, 0, 1, 1], [0, 1, 0, 1]], dtype=float)
Y = np.array([[0, 1, 1, 0]], dtype=float)


def INIT():
    rng = np.random.default_rng(5)
    return rng.uniform(-1, 1, (2, 3)), rng.uniform(-1, 1, (3, 1)), rng.uniform(-1, 1, (3, 1)), np.zeros((1, 1))


def sig(z):
    return 1 / (1 + np.exp(-z))


def step(W1, b1, W2, b2, X, Y, lr):
    H = sig(W1.T @ X + b1)
    O = sig(W2.T @ H + b2)
    dO = (O - Y) * O * (1 - O)
    dH = (W2 @ dO) * H * (1 - H)
    return (W1 - lr * X @ dH.T, b1 - lr * dH.sum(axis=1, keepdims=True),
            W2 - lr * H @ dO.T, b2 - lr * dO.sum(axis=1, keepdims=True))


if __name__ == "__main__":
    W1, b1, W2, b2 = INIT()
    for _ in range(STEPS):
        W1, b1, W2, b2 = step(W1, b1, W2, b2, X, Y, LR)
    out = sig(W2.T @ sig(W1.T @ X + b1) + b2)
    print("learns XOR:", "yes" if np.all((out > 0.5) == (Y > 0.5)) else "no")
