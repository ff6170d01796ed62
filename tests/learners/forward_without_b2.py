"""Samples in rows, 2 tanh hidden units, sigmoid output, mean BCE. The forward pass inside
grads() leaves out the output bias (Z2 = A1 @ W2), while predict() has it: every gradient is
the one of the net without b2; the backprop lines themselves are right (exact where b2 = 0).
Found by a trial on fresh programs (trial 12): check fitted no net, took the units as sigmoid,
and named nothing."""
import numpy as np

LR = 0.5
STEPS = 5000

def sigmoid(z):
    return 1 / (1 + np.exp(-z))

def INIT():
    rng = np.random.default_rng(11)
    return (rng.normal(0, 1, (2, 2)), np.zeros((1, 2)),
            rng.normal(0, 1, (2, 1)), np.zeros((1, 1)))

def predict(W1, b1, W2, b2, X):
    return sigmoid(np.tanh(X @ W1 + b1) @ W2 + b2)

def grads(W1, b1, W2, b2, X, Y):
    m = X.shape[0]
    Z1 = X @ W1 + b1
    A1 = np.tanh(Z1)
    Z2 = A1 @ W2
    A2 = sigmoid(Z2)
    dZ2 = (A2 - Y) / m
    dW2 = A1.T @ dZ2
    db2 = dZ2.sum(axis=0, keepdims=True)
    dZ1 = (dZ2 @ W2.T) * (1 - A1 ** 2)
    dW1 = X.T @ dZ1
    db1 = dZ1.sum(axis=0, keepdims=True)
    return dW1, db1, dW2, db2

if __name__ == "__main__":
    X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)
    Y = np.array([[0], [1], [1], [0]], dtype=float)
    W1, b1, W2, b2 = INIT()
    for i in range(STEPS):
        dW1, db1, dW2, db2 = grads(W1, b1, W2, b2, X, Y)
        W1 = W1 - LR * dW1; b1 = b1 - LR * db1
        W2 = W2 - LR * dW2; b2 = b2 - LR * db2
    out = predict(W1, b1, W2, b2, X)
    print(out.ravel(), "b2", b2)
    print("learns XOR:", "yes" if np.all((out > 0.5) == (Y > 0.5)) else "no")
