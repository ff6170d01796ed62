"""A sigmoid written 1 / (1 + np.exp(z)), the minus missing: sigmoid(-z) in both layers. Found
by a trial on fresh programs (trial 17): refused as a net check cannot judge, without naming the
typo."""
import numpy as np

LR = 1.0
STEPS = 5000

def INIT():
    rng = np.random.default_rng(7)
    return rng.normal(0, 1, (2, 2)), np.zeros((1, 2)), rng.normal(0, 1, (2, 1)), np.zeros((1, 1))

def sig(z):
    return 1 / (1 + np.exp(z))

def grads(W1, b1, W2, b2, X, Y):
    m = X.shape[0]
    a1 = sig(X @ W1 + b1)
    a2 = sig(a1 @ W2 + b2)
    dz2 = (a2 - Y) / m
    dW2 = a1.T @ dz2
    db2 = dz2.sum(axis=0, keepdims=True)
    dz1 = dz2 @ W2.T * a1 * (1 - a1)
    dW1 = X.T @ dz1
    db1 = dz1.sum(axis=0, keepdims=True)
    return dW1, db1, dW2, db2

if __name__ == "__main__":
    X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)
    Y = np.array([[0], [1], [1], [0]], dtype=float)
    W1, b1, W2, b2 = INIT()
    for _ in range(STEPS):
        dW1, db1, dW2, db2 = grads(W1, b1, W2, b2, X, Y)
        W1 -= LR * dW1; b1 -= LR * db1; W2 -= LR * dW2; b2 -= LR * db2
    out = sig(sig(X @ W1 + b1) @ W2 + b2)
    print(out.ravel())
    print("learns XOR:", "yes" if np.all((out > 0.5) == (Y > 0.5)) else "no")
