"""A copy-paste slip in a per-sample loop: the output layer's weight gradient uses the input x
where the hidden activation h belongs, dW2 += x.T @ d_out instead of h.T @ d_out (2 inputs and 2
hidden units: NumPy raises nothing). Rows, sigmoid hidden, (out - y)^2 / 2 per sample, in-place
updates after each sample. Found by a trial on fresh programs: check once called dw2 "wrong in a
way check does not name" and said its dL/dz2 was 0 on the sample x = (0, 0) (trial 6)."""
import numpy as np

LR = 0.5
STEPS = 5000


def sig(v):
    return 1.0 / (1.0 + np.exp(-v))


def INIT():
    rs = np.random.RandomState(42)
    return rs.uniform(-1, 1, (2, 2)), np.zeros((1, 2)), rs.uniform(-1, 1, (2, 1)), np.zeros((1, 1))


def train_step(W1, b1, W2, b2, X, Y, lr):
    for i in range(len(X)):
        x = X[i:i + 1]
        y = Y[i:i + 1]
        h = sig(x @ W1 + b1)
        out = sig(h @ W2 + b2)
        d_out = (out - y) * out * (1 - out)
        d_h = (d_out @ W2.T) * h * (1 - h)
        W2 -= lr * (x.T @ d_out)
        b2 -= lr * d_out
        W1 -= lr * (x.T @ d_h)
        b1 -= lr * d_h


if __name__ == "__main__":
    X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)
    Y = np.array([[0], [1], [1], [0]], dtype=float)
    W1, b1, W2, b2 = INIT()
    for ep in range(STEPS):
        train_step(W1, b1, W2, b2, X, Y, LR)
    out = sig(sig(X @ W1 + b1) @ W2 + b2)
    print(out.ravel())
    print("learns XOR:", "yes" if np.all((out > 0.5) == (Y > 0.5)) else "no")
