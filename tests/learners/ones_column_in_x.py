"""The bias trick: a column of ones appended to X, so the hidden bias is the last row of W1;
no output bias. Three hidden units, mean BCE, one sample per row; the gradient function takes
the augmented X."""
import numpy as np

LR = 1.0
STEPS = 3000
HIDDEN = 3
UPDATE = "subtract"

X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)
Y = np.array([[0], [1], [1], [0]], dtype=float)
Xb = np.hstack([X, np.ones((4, 1))])           # (4, 3): the ones column carries the bias


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def INIT():
    rng = np.random.default_rng(11)
    return rng.normal(0, 2, (3, HIDDEN)), rng.normal(0, 2, (HIDDEN, 1))


def gradient(W1, W2, Xb, Y):
    H = sigmoid(Xb @ W1)
    out = sigmoid(H @ W2)
    d_out = (out - Y) / len(Xb)
    d_hid = d_out @ W2.T * H * (1 - H)
    return Xb.T @ d_hid, H.T @ d_out


if __name__ == "__main__":
    W1, W2 = INIT()
    for _ in range(STEPS):
        g1, g2 = gradient(W1, W2, Xb, Y)
        W1, W2 = W1 - LR * g1, W2 - LR * g2
    out = sigmoid(sigmoid(Xb @ W1) @ W2)
    print("learns XOR:", "yes" if np.all((out > 0.5) == (Y > 0.5)) else "no")
