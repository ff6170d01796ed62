"""A tanh net with a linear output trained on the targets -1/+1: T = 2Y - 1 inside the gradient,
loss 1/2 mean((out - T)^2), right for that net and loss; out > 0 means class 1. Rows. Found by a
trial on fresh programs: check once judged it against the 0/1 labels, called every parameter
WRONG and its update "why your cost keeps rising" (trial 9); now refused in one line."""
import numpy as np

LR = 0.1
STEPS = 2000

X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)
Y = np.array([[0], [1], [1], [0]], dtype=float)


def INIT():
    rng = np.random.default_rng(7)
    W1 = rng.uniform(-1, 1, size=(2, 2))
    b1 = rng.uniform(-1, 1, size=(1, 2))
    W2 = rng.uniform(-1, 1, size=(2, 1))
    b2 = np.zeros((1, 1))
    return W1, b1, W2, b2


def grads(W1, b1, W2, b2, X, Y):
    T = 2 * Y - 1                     # targets -1 / +1
    m = len(X)
    H = np.tanh(X @ W1 + b1)
    out = H @ W2 + b2                 # linear output
    err = (out - T) / m               # d/d out of 0.5*mean((out-T)^2)
    dW2 = H.T @ err
    db2 = err.sum(axis=0, keepdims=True)
    dH = err @ W2.T
    dZ1 = dH * (1 - H ** 2)
    dW1 = X.T @ dZ1
    db1 = dZ1.sum(axis=0, keepdims=True)
    return dW1, db1, dW2, db2


if __name__ == "__main__":
    W1, b1, W2, b2 = INIT()
    for _ in range(STEPS):
        dW1, db1, dW2, db2 = grads(W1, b1, W2, b2, X, Y)
        W1 -= LR * dW1; b1 -= LR * db1; W2 -= LR * dW2; b2 -= LR * db2
    out = np.tanh(X @ W1 + b1) @ W2 + b2
    print("out =", out.ravel().round(3))
    print("learns XOR:", "yes" if np.all((out > 0) == (Y == 1)) else "no")
