"""A right mean-BCE gradient, then np.round(..., 2) on every array. Found by a trial on fresh
programs (trial 17): no net fitted, the units taken as sigmoid, nothing named, learns not
judged."""
import numpy as np

LR = 1.0
STEPS = 5000

def INIT():
    rng = np.random.default_rng(5)
    return rng.normal(0, 1, (2, 2)), np.zeros((2, 1)), rng.normal(0, 1, (1, 2)), np.zeros((1, 1))

def sig(z):
    return 1 / (1 + np.exp(-z))

def grads(W1, b1, W2, b2, X, Y):
    m = X.shape[1]
    A1 = sig(W1 @ X + b1)
    A2 = sig(W2 @ A1 + b2)
    dZ2 = A2 - Y
    dW2 = dZ2 @ A1.T / m
    db2 = np.sum(dZ2, axis=1, keepdims=True) / m
    dZ1 = W2.T @ dZ2 * A1 * (1 - A1)
    dW1 = dZ1 @ X.T / m
    db1 = np.sum(dZ1, axis=1, keepdims=True) / m
    return np.round(dW1, 2), np.round(db1, 2), np.round(dW2, 2), np.round(db2, 2)

if __name__ == "__main__":
    X = np.array([[0, 0, 1, 1], [0, 1, 0, 1]], dtype=float)
    Y = np.array([[0, 1, 1, 0]], dtype=float)
    W1, b1, W2, b2 = INIT()
    for _ in range(STEPS):
        dW1, db1, dW2, db2 = grads(W1, b1, W2, b2, X, Y)
        W1 -= LR * dW1; b1 -= LR * db1; W2 -= LR * dW2; b2 -= LR * db2
    out = sig(W2 @ sig(W1 @ X + b1) + b2)
    print(out)
    print("learns XOR:", "yes" if np.all((out > 0.5) == (Y > 0.5)) else "no")
