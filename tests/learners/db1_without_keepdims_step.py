"""Samples in columns, 4 sigmoid hidden units, b1 stored (4, 1), mean BCE, a training step.
db1 = np.sum(dZ1, axis=1) drops keepdims: db1 is (4,), and b1 - lr * db1 broadcasts (4, 1) -
(4,) to (4, 4). With h == m == 4 the next forward pass still runs, each sample with a hidden
bias of its own. Every other line is right. Found by a trial on fresh programs (trial 12):
check once called w1, w2 and b2 wrong too ("the update changes its shape")."""
import numpy as np

LR = 2.0
STEPS = 3000

def sigmoid(z):
    return 1 / (1 + np.exp(-z))

def INIT():
    rng = np.random.default_rng(3)
    W1 = rng.normal(0, 1, (4, 2))
    b1 = np.zeros((4, 1))
    W2 = rng.normal(0, 1, (1, 4))
    b2 = np.zeros((1, 1))
    return W1, b1, W2, b2

def step(W1, b1, W2, b2, X, Y, lr):
    m = X.shape[1]
    A1 = sigmoid(W1 @ X + b1)
    A2 = sigmoid(W2 @ A1 + b2)
    dZ2 = A2 - Y
    dW2 = dZ2 @ A1.T / m
    db2 = np.sum(dZ2, axis=1, keepdims=True) / m
    dZ1 = (W2.T @ dZ2) * A1 * (1 - A1)
    dW1 = dZ1 @ X.T / m
    db1 = np.sum(dZ1, axis=1) / m
    W1 = W1 - lr * dW1
    b1 = b1 - lr * db1
    W2 = W2 - lr * dW2
    b2 = b2 - lr * db2
    return W1, b1, W2, b2

if __name__ == "__main__":
    X = np.array([[0, 0, 1, 1], [0, 1, 0, 1]], dtype=float)
    Y = np.array([[0, 1, 1, 0]], dtype=float)
    W1, b1, W2, b2 = INIT()
    for _ in range(STEPS):
        W1, b1, W2, b2 = step(W1, b1, W2, b2, X, Y, LR)
    out = sigmoid(W2 @ sigmoid(W1 @ X + b1) + b2)
    print("b1 shape", b1.shape, out)
    print("learns XOR:", "yes" if np.all((out > 0.5) == (Y > 0.5)) else "no")
