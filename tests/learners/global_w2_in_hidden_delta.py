"""Samples in columns, sigmoid units, mean BCE, a step whose hidden delta uses the file's global
W2 (INIT()'s) where its argument w2 belongs: right only at the start. Found by a trial on fresh
programs (trial 16): the ratio of the two w2 was read as a wrong derivative."""
import numpy as np

LR = 1.0
STEPS = 5000

def sigmoid(z):
    return 1 / (1 + np.exp(-z))

def INIT():
    rng = np.random.default_rng(4)
    return rng.normal(0, 1, (2, 2)), np.zeros((2, 1)), rng.normal(0, 1, (1, 2)), np.zeros((1, 1))

W1, b1, W2, b2 = INIT()   # to inspect shapes in the REPL

def step(w1, b1, w2, b2, X, Y, lr):
    m = X.shape[1]
    a1 = sigmoid(w1 @ X + b1)
    a2 = sigmoid(w2 @ a1 + b2)
    dz2 = a2 - Y
    dw2 = dz2 @ a1.T / m
    db2 = np.sum(dz2, axis=1, keepdims=True) / m
    dz1 = (W2.T @ dz2) * a1 * (1 - a1)
    dw1 = dz1 @ X.T / m
    db1 = np.sum(dz1, axis=1, keepdims=True) / m
    return w1 - lr * dw1, b1 - lr * db1, w2 - lr * dw2, b2 - lr * db2

def train():
    X = np.array([[0, 0, 1, 1], [0, 1, 0, 1]], dtype=float)
    Y = np.array([[0, 1, 1, 0]], dtype=float)
    p = INIT()
    for _ in range(STEPS):
        p = step(*p, X, Y, LR)
    w1, b1_, w2, b2_ = p
    out = sigmoid(w2 @ sigmoid(w1 @ X + b1_) + b2_)
    print(out)
    print("learns XOR:", "yes" if np.all((out > 0.5) == (Y > 0.5)) else "no")

if __name__ == "__main__":
    train()
