"""A regression-style net on XOR: tanh hidden units and a linear output (out = h @ W2 + b2, no
sigmoid), the mean squared error, one sample per row, a step that returns the new arrays.
Correct. Nothing in the file says the output is linear: check reads it from the gradient."""
import numpy as np

LR = 0.1
STEPS = 2000

X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)
Y = np.array([[0], [1], [1], [0]], dtype=float)


def INIT():
    rng = np.random.default_rng(3)
    return (rng.normal(0, 1, (2, 3)), rng.normal(0, 0.5, (1, 3)),
            rng.normal(0, 1, (3, 1)), np.zeros((1, 1)))


def step(W1, b1, W2, b2, X, Y, lr):
    n = X.shape[0]
    h = np.tanh(X @ W1 + b1)
    out = h @ W2 + b2                      # linear output: the prediction itself
    d_out = 2 * (out - Y) / n              # d mean((out - Y)^2) / d out
    d_h = d_out @ W2.T * (1 - h ** 2)
    return (W1 - lr * X.T @ d_h, b1 - lr * d_h.sum(axis=0, keepdims=True),
            W2 - lr * h.T @ d_out, b2 - lr * d_out.sum(axis=0, keepdims=True))


if __name__ == "__main__":
    W1, b1, W2, b2 = INIT()
    for i in range(STEPS):
        W1, b1, W2, b2 = step(W1, b1, W2, b2, X, Y, LR)
    out = np.tanh(X @ W1 + b1) @ W2 + b2
    print("mse:", float(np.mean((out - Y) ** 2)))
    print("learns XOR:", "yes" if np.all((out > 0.5) == (Y > 0.5)) else "no")
