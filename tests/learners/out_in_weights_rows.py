"""Weights stored (out, in), as torch.nn.Linear keeps them, while samples are rows:
z = X @ W.T + b. Two hidden units (so W1 is square), mean BCE, a gradient the loop subtracts."""
import numpy as np

LR = 1.0
STEPS = 3000
UPDATE = "subtract"

X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)
Y = np.array([[0], [1], [1], [0]], dtype=float)


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def INIT():
    rng = np.random.default_rng(0)
    return rng.normal(0, 1, (2, 2)), np.zeros(2), rng.normal(0, 1, (1, 2)), np.zeros(1)


def backward(W1, b1, W2, b2, X, Y):
    h = sigmoid(X @ W1.T + b1)
    o = sigmoid(h @ W2.T + b2)
    do = (o - Y) / len(X)
    dh = do @ W2 * h * (1 - h)
    return dh.T @ X, dh.sum(axis=0), do.T @ h, do.sum(axis=0)


if __name__ == "__main__":
    W1, b1, W2, b2 = INIT()
    for _ in range(STEPS):
        g = backward(W1, b1, W2, b2, X, Y)
        W1, b1, W2, b2 = W1 - LR * g[0], b1 - LR * g[1], W2 - LR * g[2], b2 - LR * g[3]
    out = sigmoid(sigmoid(X @ W1.T + b1) @ W2.T + b2)
    print("learns XOR:", "yes" if np.all((out > 0.5) == (Y > 0.5)) else "no")
