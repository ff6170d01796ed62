"""A right backprop whose update only rebinds the loop variable: `for p, g in zip(params,
grads): p = p - lr * g`, so the step returns the parameters unchanged and training never moves.
Rows, mean BCE. Found by a trial on fresh programs: check once said its dL/dz2 was 0 times the
true one and that the step moves in proportion to lr (trial 11)."""
import numpy as np

LR = 1.0
STEPS = 3000


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def INIT():
    np.random.seed(5)
    return np.random.randn(2, 2), np.zeros((1, 2)), np.random.randn(2, 1), np.zeros((1, 1))


def step(W1, b1, W2, b2, X, Y, lr):
    m = X.shape[0]
    A1 = sigmoid(X @ W1 + b1)
    A2 = sigmoid(A1 @ W2 + b2)
    dZ2 = (A2 - Y) / m
    dW2 = A1.T @ dZ2
    db2 = dZ2.sum(axis=0, keepdims=True)
    dZ1 = (dZ2 @ W2.T) * A1 * (1 - A1)
    dW1 = X.T @ dZ1
    db1 = dZ1.sum(axis=0, keepdims=True)
    params = [W1, b1, W2, b2]
    gradients = [dW1, db1, dW2, db2]
    for p, g in zip(params, gradients):
        p = p - lr * g                  # BUG: rebinds p, params is unchanged
    return params


if __name__ == "__main__":
    X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)
    Y = np.array([[0], [1], [1], [0]], dtype=float)
    params = list(INIT())
    for _ in range(STEPS):
        params = step(*params, X, Y, LR)
    W1, b1, W2, b2 = params
    out = sigmoid(sigmoid(X @ W1 + b1) @ W2 + b2)
    print(out.ravel().round(3))
    print("learns XOR:", "yes" if np.all((out > 0.5) == (Y > 0.5)) else "no")
