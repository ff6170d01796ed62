"""A step whose update uses lr ** 2 for every parameter: at lr 0.5 it moves 0.5 times the
gradient, at another lr another multiple. Found by a trial on fresh programs (trial 18): judged
"correct ... 0.5 times its gradient" (exit 0) beside an lr stage that named lr^2."""
import numpy as np

LR = 0.5
STEPS = 3000

def s(z):
    return 1 / (1 + np.exp(-z))

def INIT():
    rng = np.random.default_rng(5)
    return rng.normal(0, 1, (3, 2)), np.zeros((3, 1)), rng.normal(0, 1, (1, 3)), np.zeros((1, 1))

def step(W1, b1, W2, b2, X, Y, lr):
    m = X.shape[1]
    A1 = s(W1 @ X + b1)
    A2 = s(W2 @ A1 + b2)
    dZ2 = (A2 - Y) / m
    dW2 = dZ2 @ A1.T
    db2 = dZ2.sum(1, keepdims=True)
    dZ1 = W2.T @ dZ2 * A1 * (1 - A1)
    dW1 = dZ1 @ X.T
    db1 = dZ1.sum(1, keepdims=True)
    W1 = W1 - lr ** 2 * dW1         # BUG: lr ** 2
    b1 = b1 - lr ** 2 * db1
    W2 = W2 - lr ** 2 * dW2
    b2 = b2 - lr ** 2 * db2
    return W1, b1, W2, b2

if __name__ == "__main__":
    X = np.array([[0., 0, 1, 1], [0, 1, 0, 1]])
    Y = np.array([[0., 1, 1, 0]])
    P = INIT()
    for _ in range(STEPS):
        P = step(*P, X, Y, LR)
    W1, b1, W2, b2 = P
    out = s(W2 @ s(W1 @ X + b1) + b2)
    print(out)
    print("learns XOR:", "yes" if np.all((out > 0.5) == (Y > 0.5)) else "no")
