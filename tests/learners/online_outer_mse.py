"""Old-school online backprop: one sample at a time, 1-D vectors and np.outer, error = target -
output and W += eta * delta, the squared error 0.5 (t - o)^2 of each sample. One call is an
epoch: it updates the arrays in place after every sample, so the second sample already sees the
first one's update."""
import numpy as np

LR = 0.5
STEPS = 4000
HIDDEN = 3


def sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


def INIT():
    np.random.seed(7)
    w_ih = np.random.uniform(-1, 1, (2, HIDDEN))
    b_h = np.random.uniform(-1, 1, HIDDEN)
    w_ho = np.random.uniform(-1, 1, (HIDDEN, 1))
    b_o = np.random.uniform(-1, 1, 1)
    return w_ih, b_h, w_ho, b_o


def train_epoch(w_ih, b_h, w_ho, b_o, X, Y, lr):
    for x, t in zip(X, Y):
        h = sigmoid(x @ w_ih + b_h)               # (HIDDEN,)
        o = sigmoid(h @ w_ho + b_o)               # (1,)
        delta_o = (t - o) * o * (1 - o)           # (1,)
        delta_h = (w_ho @ delta_o) * h * (1 - h)  # (HIDDEN,)
        w_ho += lr * np.outer(h, delta_o)
        b_o += lr * delta_o
        w_ih += lr * np.outer(x, delta_h)
        b_h += lr * delta_h


if __name__ == "__main__":
    X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)
    Y = np.array([[0], [1], [1], [0]], dtype=float)
    w_ih, b_h, w_ho, b_o = INIT()
    for epoch in range(STEPS):
        train_epoch(w_ih, b_h, w_ho, b_o, X, Y, LR)
    out = sigmoid(sigmoid(X @ w_ih + b_h) @ w_ho + b_o)
    print("learns XOR:", "yes" if np.all((out > 0.5) == (Y > 0.5)) else "no")
