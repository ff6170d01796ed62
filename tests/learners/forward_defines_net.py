"""A learner who writes the forward pass once, as FORWARD, and reuses it in the training step:
tanh hidden units, a sigmoid output, one sample per row, the mean squared error. Correct; check
reads which net it is from FORWARD's output (no ACTIVATION, no COST)."""
import numpy as np

LR = 2.0
STEPS = 4000

X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)
Y = np.array([[0], [1], [1], [0]], dtype=float)


def INIT():
    rng = np.random.default_rng(7)
    return rng.normal(0, 1, (2, 3)), np.zeros((1, 3)), rng.normal(0, 1, (3, 1)), np.zeros((1, 1))


def hidden(W1, b1, X):
    return np.tanh(X @ W1 + b1)


def FORWARD(W1, b1, W2, b2, X):
    return 1 / (1 + np.exp(-(hidden(W1, b1, X) @ W2 + b2)))


def step(W1, b1, W2, b2, X, Y, lr):
    n = len(X)
    H, out = hidden(W1, b1, X), FORWARD(W1, b1, W2, b2, X)
    d_out = 2 * (out - Y) / n * out * (1 - out)      # d mean((out - Y)^2) / d logit
    d_hid = d_out @ W2.T * (1 - H ** 2)
    W2 = W2 - lr * H.T @ d_out
    b2 = b2 - lr * d_out.sum(axis=0, keepdims=True)
    W1 = W1 - lr * X.T @ d_hid
    b1 = b1 - lr * d_hid.sum(axis=0, keepdims=True)
    return W1, b1, W2, b2


if __name__ == "__main__":
    W1, b1, W2, b2 = INIT()
    for i in range(STEPS):
        W1, b1, W2, b2 = step(W1, b1, W2, b2, X, Y, LR)
    out = FORWARD(W1, b1, W2, b2, X)
    print("learns XOR:", "yes" if np.all((out > 0.5) == (Y > 0.5)) else "no")
