"""Samples in columns, sigmoid units, mean BCE, a step with db1 = np.sum(dZ1) / m: no axis, so
it sums over the hidden units too and both entries of b1 move by one number. Found by a trial
on fresh programs (trial 16): "wrong in a way check does not name"."""
import numpy as np

LR = 1.0
STEPS = 5000

def sigmoid(z):
    return 1 / (1 + np.exp(-z))

def INIT():
    rng = np.random.default_rng(6)
    return rng.normal(0, 1, (2, 2)), np.zeros((2, 1)), rng.normal(0, 1, (1, 2)), np.zeros((1, 1))

def step(W1, b1, W2, b2, X, Y, lr):
    m = X.shape[1]
    Z1 = np.dot(W1, X) + b1
    A1 = sigmoid(Z1)
    A2 = sigmoid(np.dot(W2, A1) + b2)
    dZ2 = A2 - Y
    dW2 = np.dot(dZ2, A1.T) / m
    db2 = np.sum(dZ2) / m
    dZ1 = np.dot(W2.T, dZ2) * A1 * (1 - A1)
    dW1 = np.dot(dZ1, X.T) / m
    db1 = np.sum(dZ1) / m
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
    out = sigmoid(np.dot(W2, sigmoid(np.dot(W1, X) + b1)) + b2)
    print(out, b1.ravel())
    print("learns XOR:", "yes" if np.all((out > 0.5) == (Y > 0.5)) else "no")
