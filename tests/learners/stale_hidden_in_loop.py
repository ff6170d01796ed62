"""A per-sample forward loop keeps the hidden activation only in `h`, which each pass
overwrites; the backward loop uses that h (the last sample's) for every sample, in dW2 and in the
hidden derivative. Right on one sample. Found by a trial on fresh programs (trial 8): three
parameters "wrong in a way check does not name"."""
import numpy as np

LR = 0.5
STEPS = 10000


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def INIT():
    rng = np.random.default_rng(8)
    return (rng.uniform(-1, 1, (2, 2)), np.zeros((1, 2)),
            rng.uniform(-1, 1, (2, 1)), np.zeros((1, 1)))


def step(W1, b1, W2, b2, X, Y, lr):
    outs = []
    for i in range(len(X)):
        h = sigmoid(X[i:i + 1] @ W1 + b1)
        outs.append(sigmoid(h @ W2 + b2))
    gW1 = np.zeros_like(W1); gb1 = np.zeros_like(b1)
    gW2 = np.zeros_like(W2); gb2 = np.zeros_like(b2)
    for i in range(len(X)):
        o = outs[i]
        d_o = (o - Y[i:i + 1]) * o * (1 - o)
        gW2 += h.T @ d_o                      # BUG: h is the last sample's hidden layer
        gb2 += d_o
        d_h = (d_o @ W2.T) * h * (1 - h)      # BUG: same stale h
        gW1 += X[i:i + 1].T @ d_h
        gb1 += d_h
    W1 -= lr * gW1; b1 -= lr * gb1
    W2 -= lr * gW2; b2 -= lr * gb2


if __name__ == "__main__":
    X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)
    Y = np.array([[0], [1], [1], [0]], dtype=float)
    W1, b1, W2, b2 = INIT()
    for t in range(STEPS):
        step(W1, b1, W2, b2, X, Y, LR)
    out = sigmoid(sigmoid(X @ W1 + b1) @ W2 + b2)
    print(out.ravel())
    print("learns XOR:", "yes" if np.all((out > 0.5) == (Y == 1)) else "no")
