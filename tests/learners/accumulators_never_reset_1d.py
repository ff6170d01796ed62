"""Samples in columns, 1-D biases, a per-sample loop whose module-level accumulators are never
reset between calls: each call returns the sum of every call's gradient so far. Found by a trial
on fresh programs (trial 13): refused as the 1-D biases above, and with --layout columns sent
b1 as (2, 1), which its per-sample code cannot take."""
import numpy as np

LR = 0.5
STEPS = 3000

dW1_acc = np.zeros((2, 2))
db1_acc = np.zeros(2)
dW2_acc = np.zeros((1, 2))
db2_acc = np.zeros(1)


def INIT():
    rng = np.random.default_rng(4)
    return rng.normal(0, 1, (2, 2)), np.zeros(2), rng.normal(0, 1, (1, 2)), np.zeros(1)


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def grads(W1, b1, W2, b2, X, Y):
    global dW1_acc, db1_acc, dW2_acc, db2_acc
    m = X.shape[1]
    for i in range(m):
        x = X[:, i]
        y = Y[:, i]
        h = sigmoid(W1 @ x + b1)
        o = sigmoid(W2 @ h + b2)
        d2 = o - y
        d1 = (W2.T @ d2) * h * (1 - h)
        dW2_acc += np.outer(d2, h)
        db2_acc += d2
        dW1_acc += np.outer(d1, x)
        db1_acc += d1
    return dW1_acc / m, db1_acc / m, dW2_acc / m, db2_acc / m


if __name__ == "__main__":
    X = np.array([[0, 0, 1, 1], [0, 1, 0, 1]], dtype=float)
    Y = np.array([[0, 1, 1, 0]], dtype=float)
    W1, b1, W2, b2 = INIT()
    for _ in range(STEPS):
        dW1, db1, dW2, db2 = grads(W1, b1, W2, b2, X, Y)
        W1 = W1 - LR * dW1; b1 = b1 - LR * db1; W2 = W2 - LR * dW2; b2 = b2 - LR * db2
    out = sigmoid(W2 @ sigmoid(W1 @ X + b1[:, None]) + b2[:, None])
    print("outputs:", np.round(out.ravel(), 3))
    print("learns XOR:", "yes" if np.all((out > 0.5) == (Y == 1)) else "no")
