"""A step that 'augments' its data with X += noise, changing the caller's X in place (the noise
adds up over calls); tanh hidden units, samples in rows, mean BCE. Found by a trial on fresh
programs (trial 18): refused, "your hidden units are none of the activations check knows"."""
import numpy as np

LR = 0.5
STEPS = 4000
_rng = np.random.default_rng(0)

def INIT():
    rng = np.random.default_rng(4)
    return rng.normal(0, 1, (2, 3)), np.zeros((1, 3)), rng.normal(0, 1, (3, 1)), np.zeros((1, 1))

def step(W1, b1, W2, b2, X, Y, lr):
    X += _rng.normal(0, 0.05, X.shape)     # BUG: in-place noise on the caller's X
    m = X.shape[0]
    h = np.tanh(X @ W1 + b1)
    p = 1 / (1 + np.exp(-(h @ W2 + b2)))
    d2 = (p - Y) / m
    gW2 = h.T @ d2
    gb2 = d2.sum(axis=0, keepdims=True)
    d1 = d2 @ W2.T * (1 - h * h)
    gW1 = X.T @ d1
    gb1 = d1.sum(axis=0, keepdims=True)
    return W1 - lr * gW1, b1 - lr * gb1, W2 - lr * gW2, b2 - lr * gb2

if __name__ == "__main__":
    X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], float)
    Y = np.array([[0], [1], [1], [0]], float)
    X0 = X.copy()
    W1, b1, W2, b2 = INIT()
    for _ in range(STEPS):
        W1, b1, W2, b2 = step(W1, b1, W2, b2, X, Y, LR)
    out = 1 / (1 + np.exp(-(np.tanh(X0 @ W1 + b1) @ W2 + b2)))
    print(out.ravel(), "X drifted to", X.round(2).tolist())
    print("learns XOR:", "yes" if np.all((out > 0.5) == (Y > 0.5)) else "no")
