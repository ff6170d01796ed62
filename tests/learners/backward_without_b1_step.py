"""Samples in rows, sigmoid units, mean BCE, a step with forward() and backward(): backward()
recomputes the hidden activation as sigmoid(X @ W1), b1 left out, and uses it in dW2 and in the
hidden derivative, while the forward pass (and so a2) has b1. Found by a trial on fresh programs
(trial 14): dw2's input shown as numbers, the hidden layer said to multiply by strange numbers."""
import numpy as np

LR = 1.0
STEPS = 3000

def sigmoid(z):
    return 1 / (1 + np.exp(-z))

def INIT():
    np.random.seed(9)
    return np.random.randn(2, 2), np.zeros((1, 2)), np.random.randn(2, 1), np.zeros((1, 1))

def forward(W1, b1, W2, b2, X):
    h = sigmoid(X @ W1 + b1)
    return sigmoid(h @ W2 + b2)

def backward(W1, W2, X, Y, out):
    m = X.shape[0]
    h = sigmoid(X @ W1)
    d_out = (out - Y) / m
    dW2 = h.T @ d_out
    db2 = d_out.sum(axis=0, keepdims=True)
    d_h = (d_out @ W2.T) * h * (1 - h)
    dW1 = X.T @ d_h
    db1 = d_h.sum(axis=0, keepdims=True)
    return dW1, db1, dW2, db2

def step(W1, b1, W2, b2, X, Y, lr):
    out = forward(W1, b1, W2, b2, X)
    dW1, db1, dW2, db2 = backward(W1, W2, X, Y, out)
    return W1 - lr * dW1, b1 - lr * db1, W2 - lr * dW2, b2 - lr * db2

if __name__ == "__main__":
    X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)
    Y = np.array([[0], [1], [1], [0]], dtype=float)
    W1, b1, W2, b2 = INIT()
    for _ in range(STEPS):
        W1, b1, W2, b2 = step(W1, b1, W2, b2, X, Y, LR)
    out = forward(W1, b1, W2, b2, X)
    print(out.ravel())
    print("learns XOR:", "yes" if np.all((out > 0.5) == (Y > 0.5)) else "no")
