"""Samples in columns, 2 sigmoid hidden units, mean BCE, the chain rule in loops over units.
An index slip in dW1: dW1[j, k] = np.sum(dz1[j] * X[j]) / m takes input row X[j] (the hidden
unit's index) where X[k] belongs, so both of unit j's weights get the true dW1[j, j]. db1, dW2,
db2 are right. Found by a trial on fresh programs (trial 12)."""
import numpy as np

LR = 1.0
STEPS = 5000

def sigmoid(z):
    return 1 / (1 + np.exp(-z))

def INIT():
    rng = np.random.default_rng(5)
    return (rng.normal(0, 1, (2, 2)), np.zeros((2, 1)),
            rng.normal(0, 1, (1, 2)), np.zeros((1, 1)))

def grads(W1, b1, W2, b2, X, Y):
    n_hidden, n_in = W1.shape
    m = X.shape[1]
    a1 = sigmoid(W1 @ X + b1)
    a2 = sigmoid(W2 @ a1 + b2)
    dz2 = a2[0] - Y[0]                       # (m,)
    dW2 = np.zeros_like(W2)
    db2 = np.zeros_like(b2)
    dW1 = np.zeros_like(W1)
    db1 = np.zeros_like(b1)
    for j in range(n_hidden):
        dW2[0, j] = np.sum(dz2 * a1[j]) / m
        dz1_j = dz2 * W2[0, j] * a1[j] * (1 - a1[j])
        for k in range(n_in):
            dW1[j, k] = np.sum(dz1_j * X[j]) / m
        db1[j, 0] = np.sum(dz1_j) / m
    db2[0, 0] = np.sum(dz2) / m
    return dW1, db1, dW2, db2

if __name__ == "__main__":
    X = np.array([[0, 0, 1, 1], [0, 1, 0, 1]], dtype=float)
    Y = np.array([[0, 1, 1, 0]], dtype=float)
    W1, b1, W2, b2 = INIT()
    for i in range(STEPS):
        g = grads(W1, b1, W2, b2, X, Y)
        W1 -= LR * g[0]; b1 -= LR * g[1]; W2 -= LR * g[2]; b2 -= LR * g[3]
    out = sigmoid(W2 @ sigmoid(W1 @ X + b1) + b2)
    print(out)
    print("learns XOR:", "yes" if np.all((out > 0.5) == (Y > 0.5)) else "no")
