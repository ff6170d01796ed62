"""The loss value is used as its derivative: error = (y - out)^2 goes where (out - y) belongs,
so every sample pushes the output the same way."""
import numpy as np

LR = 1.0
STEPS = 2000

X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)
Y = np.array([[0], [1], [1], [0]], dtype=float)


def sigmoid(x):
    return 1 / (1 + np.exp(-x))


def INIT():
    rng = np.random.default_rng(9)
    return rng.normal(size=(2, 2)), np.zeros((1, 2)), rng.normal(size=(2, 1)), np.zeros((1, 1))


def gradient(W1, b1, W2, b2, X, Y):
    h = sigmoid(X @ W1 + b1)
    out = sigmoid(h @ W2 + b2)
    loss = (Y - out) ** 2                      # BUG: the loss, not its derivative
    d_out = loss * out * (1 - out)
    d_h = d_out @ W2.T * h * (1 - h)
    return X.T @ d_h, d_h.sum(0, keepdims=True), h.T @ d_out, d_out.sum(0, keepdims=True)


if __name__ == "__main__":
    W1, b1, W2, b2 = INIT()
    for _ in range(STEPS):
        g = gradient(W1, b1, W2, b2, X, Y)
        W1, b1, W2, b2 = W1 - LR * g[0], b1 - LR * g[1], W2 - LR * g[2], b2 - LR * g[3]
    out = sigmoid(sigmoid(X @ W1 + b1) @ W2 + b2)
    print("learns XOR:", "yes" if np.all((out > 0.5) == (Y > 0.5)) else "no")
