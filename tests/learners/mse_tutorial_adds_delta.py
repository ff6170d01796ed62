"""A blog-tutorial style net: one sample per row, squared error, and the update ADDS the delta
(delta = error * sigma', error = y - output): a correct step for half the sum of squared errors."""
import numpy as np

LR = 0.5
STEPS = 5000
HIDDEN = 3

X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)
y = np.array([[0], [1], [1], [0]], dtype=float)


def sigmoid(x):
    return 1 / (1 + np.exp(-x))


def INIT():
    rng = np.random.default_rng(3)
    return (rng.uniform(-1, 1, (2, HIDDEN)), rng.uniform(-1, 1, (1, HIDDEN)),
            rng.uniform(-1, 1, (HIDDEN, 1)), rng.uniform(-1, 1, (1, 1)))


def train_step(W1, b1, W2, b2, X, y, lr):
    hidden = sigmoid(X @ W1 + b1)
    output = sigmoid(hidden @ W2 + b2)
    error = y - output
    d_output = error * output * (1 - output)
    d_hidden = d_output @ W2.T * hidden * (1 - hidden)
    W2 += lr * hidden.T @ d_output
    b2 += lr * np.sum(d_output, axis=0, keepdims=True)
    W1 += lr * X.T @ d_hidden
    b1 += lr * np.sum(d_hidden, axis=0, keepdims=True)


if __name__ == "__main__":
    W1, b1, W2, b2 = INIT()
    for epoch in range(STEPS):
        train_step(W1, b1, W2, b2, X, y, LR)
        if epoch % 1000 == 0:
            out = sigmoid(sigmoid(X @ W1 + b1) @ W2 + b2)
            print("epoch", epoch, "error", np.mean((y - out) ** 2))
    out = sigmoid(sigmoid(X @ W1 + b1) @ W2 + b2)
    print("learns XOR:", "yes" if np.all((out > 0.5) == (y > 0.5)) else "no")
