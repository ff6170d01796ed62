"""Samples in columns, sigmoid units, mean BCE. The hidden derivative is written from z1 as
np.exp(-z1) / (1 + np.exp(-z1)), the square on the denominator missing: 1 - a1 where a1 (1 - a1)
belongs. Found by a trial on fresh programs (trial 14): shown only as numbers at a point where
a1 = 0.5 and 1 - a1 cannot be told apart."""
import numpy as np

LR = 1.0
STEPS = 3000

def sigmoid(z):
    return 1 / (1 + np.exp(-z))

def sigmoid_prime(z):
    return np.exp(-z) / (1 + np.exp(-z))

def INIT():
    np.random.seed(6)
    return np.random.randn(2, 2), np.zeros((2, 1)), np.random.randn(1, 2), np.zeros((1, 1))

def grads(W1, b1, W2, b2, X, Y):
    m = X.shape[1]
    z1 = W1 @ X + b1
    a1 = sigmoid(z1)
    a2 = sigmoid(W2 @ a1 + b2)
    dz2 = a2 - Y
    dW2 = (1 / m) * dz2 @ a1.T
    db2 = (1 / m) * np.sum(dz2, axis=1, keepdims=True)
    dz1 = W2.T @ dz2 * sigmoid_prime(z1)
    dW1 = (1 / m) * dz1 @ X.T
    db1 = (1 / m) * np.sum(dz1, axis=1, keepdims=True)
    return dW1, db1, dW2, db2

if __name__ == "__main__":
    X = np.array([[0, 0, 1, 1], [0, 1, 0, 1]], dtype=float)
    Y = np.array([[0, 1, 1, 0]], dtype=float)
    W1, b1, W2, b2 = INIT()
    for _ in range(STEPS):
        dW1, db1, dW2, db2 = grads(W1, b1, W2, b2, X, Y)
        W1 -= LR * dW1; b1 -= LR * db1; W2 -= LR * dW2; b2 -= LR * db2
    out = sigmoid(W2 @ sigmoid(W1 @ X + b1) + b2)
    print(out)
    print("learns XOR:", "yes" if np.all((out > 0.5) == (Y > 0.5)) else "no")
