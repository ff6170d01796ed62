"""One sample per row, a per-sample loop with np.outer, summed BCE, and a sigmoid written
np.exp(z) / (1 + np.exp(z)): right. Run the wrong way round (added), its z2 passes 709.8 and
np.exp overflows to inf / inf = nan. Found by a trial on fresh programs (trial 13): check blamed
a division by a2 or 1 - a2, which this code never makes."""
import numpy as np

LR = 0.3
STEPS = 4000


def INIT():
    rng = np.random.default_rng(5)
    return rng.normal(0, 1, (2, 2)), np.zeros(2), rng.normal(0, 1, (2, 1)), np.zeros(1)


def sigmoid(z):
    return np.exp(z) / (1 + np.exp(z))


def grads(W1, b1, W2, b2, X, Y):
    dW1 = np.zeros_like(W1); db1 = np.zeros_like(b1)
    dW2 = np.zeros_like(W2); db2 = np.zeros_like(b2)
    for i in range(len(X)):
        x = X[i]
        y = Y[i]
        h = sigmoid(x @ W1 + b1)          # (2,)
        o = sigmoid(h @ W2 + b2)          # (1,)
        d_out = o - y                     # summed BCE through the sigmoid
        dW2 += np.outer(h, d_out)
        db2 += d_out
        d_h = (W2 @ d_out) * h * (1 - h)
        dW1 += np.outer(x, d_h)
        db1 += d_h
    return dW1, db1, dW2, db2


if __name__ == "__main__":
    X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)
    Y = np.array([[0], [1], [1], [0]], dtype=float)
    W1, b1, W2, b2 = INIT()
    for _ in range(STEPS):
        dW1, db1, dW2, db2 = grads(W1, b1, W2, b2, X, Y)
        W1 = W1 - LR * dW1; b1 = b1 - LR * db1; W2 = W2 - LR * dW2; b2 = b2 - LR * db2
    out = sigmoid(sigmoid(X @ W1 + b1) @ W2 + b2)
    print("outputs:", np.round(out.ravel(), 3))
    print("learns XOR:", "yes" if np.all((out > 0.5) == (Y == 1)) else "no")
