"""Samples in rows, tanh hidden units, summed BCE, a step that divides each parameter's
gradient by its own norm before p - lr * g: every step has length lr whatever the slope. Found
by a trial on fresh programs (trial 13): check fitted no net, took the units as sigmoid, and
named nothing, though every move it measured had norm 1."""
import numpy as np

LR = 0.05
STEPS = 3000


def INIT():
    rng = np.random.default_rng(10)
    return (rng.normal(0, 1, (2, 2)), np.zeros(2),
            rng.normal(0, 1, (2, 1)), np.zeros(1))


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def step(W1, b1, W2, b2, X, Y, lr):
    h = np.tanh(X @ W1 + b1)
    p = sigmoid(h @ W2 + b2)
    d_out = p - Y                       # summed BCE through the sigmoid
    gW2 = h.T @ d_out
    gb2 = d_out.sum(axis=0)
    d_h = (d_out @ W2.T) * (1 - h ** 2)
    gW1 = X.T @ d_h
    gb1 = d_h.sum(axis=0)
    new = []
    for param, g in zip((W1, b1, W2, b2), (gW1, gb1, gW2, gb2)):
        g = g / (np.linalg.norm(g) + 1e-12)
        new.append(param - lr * g)
    return tuple(new)


if __name__ == "__main__":
    X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)
    Y = np.array([[0], [1], [1], [0]], dtype=float)
    W1, b1, W2, b2 = INIT()
    for _ in range(STEPS):
        W1, b1, W2, b2 = step(W1, b1, W2, b2, X, Y, LR)
    out = sigmoid(np.tanh(X @ W1 + b1) @ W2 + b2)
    print("outputs:", np.round(out.ravel(), 3))
    print("learns XOR:", "yes" if np.all((out > 0.5) == (Y == 1)) else "no")
