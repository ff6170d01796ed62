"""The classic tutorial slip: sigmoid_derivative(x) = sigmoid(x) (1 - sigmoid(x)) is called on
the ACTIVATIONS, which are already sigmoid outputs. Squared error, deltas added."""
import numpy as np

LR = 1.0
STEPS = 5000

X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)
Y = np.array([[0], [1], [1], [0]], dtype=float)


def sigmoid(x):
    return 1 / (1 + np.exp(-x))


def sigmoid_derivative(x):
    return sigmoid(x) * (1 - sigmoid(x))


def INIT():
    rng = np.random.default_rng(8)
    return rng.random((2, 2)), rng.random((1, 2)), rng.random((2, 1)), rng.random((1, 1))


def step(W1, b1, W2, b2, X, Y, lr):
    hidden = sigmoid(X @ W1 + b1)
    out = sigmoid(hidden @ W2 + b2)
    d_out = (Y - out) * sigmoid_derivative(out)          # BUG: out is already sigmoid(z)
    d_hidden = d_out @ W2.T * sigmoid_derivative(hidden)  # BUG: the same here
    W2 += lr * hidden.T @ d_out
    b2 += lr * d_out.sum(axis=0, keepdims=True)
    W1 += lr * X.T @ d_hidden
    b1 += lr * d_hidden.sum(axis=0, keepdims=True)


if __name__ == "__main__":
    W1, b1, W2, b2 = INIT()
    for _ in range(STEPS):
        step(W1, b1, W2, b2, X, Y, LR)
    out = sigmoid(sigmoid(X @ W1 + b1) @ W2 + b2)
    print(out.ravel())
    print("learns XOR:", "yes" if np.all((out > 0.5) == (Y > 0.5)) else "no")
