"""Samples in rows, but w2 stored as a (1, 2) row and the forward pass a1 @ W2.T (w1 stays (in,
out)); INIT() gives float32 arrays with the biases at ones, X an int (4, 2) array; a per-sample
loop accumulates and divides by m at the end; mean BCE. Right. Found by a trial on fresh programs:
check once read it as (out, in) weights throughout and refused it as "none of the activations
check knows" (trial 10)."""
import numpy as np

LR = 1.0
STEPS = 4000


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def INIT():
    rng = np.random.default_rng(5)
    W1 = rng.normal(0, 1, (2, 2)).astype(np.float32)
    b1 = np.ones((1, 2), dtype=np.float32)
    W2 = rng.normal(0, 1, (1, 2)).astype(np.float32)
    b2 = np.ones((1, 1), dtype=np.float32)
    return W1, b1, W2, b2


def grads(W1, b1, W2, b2, X, Y):
    m = len(X)
    dW1 = np.zeros_like(W1); db1 = np.zeros_like(b1)
    dW2 = np.zeros_like(W2); db2 = np.zeros_like(b2)
    for i in range(m):
        x = X[i:i + 1]            # (1, 2)
        y = Y[i:i + 1]            # (1, 1)
        h = sigmoid(x @ W1 + b1)  # (1, 2)
        o = sigmoid(h @ W2.T + b2)
        e = o - y                 # dL/dz2 for BCE
        dW2 += e * h
        db2 += e
        eh = (e @ W2) * h * (1 - h)
        dW1 += x.T @ eh
        db1 += eh
    return dW1 / m, db1 / m, dW2 / m, db2 / m


if __name__ == "__main__":
    X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]])
    Y = np.array([[0], [1], [1], [0]])
    W1, b1, W2, b2 = INIT()
    for _ in range(STEPS):
        g = grads(W1, b1, W2, b2, X, Y)
        W1 -= LR * g[0]; b1 -= LR * g[1]; W2 -= LR * g[2]; b2 -= LR * g[3]
    out = sigmoid(sigmoid(X @ W1 + b1) @ W2.T + b2)
    print(out.ravel().round(3), out.dtype)
    print("learns XOR:", "yes" if np.all((out > 0.5) == (Y > 0.5)) else "no")
