"""Weights stored (out, in) as torch.nn.Linear keeps them, biases as 1-D vectors (h,) and (1,),
one sample at a time in a loop over the rows of X, summed BCE: a correct gradient. Check must
send the biases in the shapes INIT() gives, not (1, h), or the code's W @ x + b breaks."""
import numpy as np

LR = 0.5
STEPS = 3000


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def INIT():
    rng = np.random.default_rng(8)
    return rng.normal(0, 1, (2, 2)), np.zeros(2), rng.normal(0, 1, (1, 2)), np.zeros(1)


def grads(W1, b1, W2, b2, X, Y):
    dW1, db1, dW2, db2 = (np.zeros_like(a) for a in (W1, b1, W2, b2))
    for x, y in zip(X, Y):
        h = sigmoid(W1 @ x + b1)          # (2,)
        o = sigmoid(W2 @ h + b2)          # (1,)
        e = o - y                         # dL/dz for BCE with a sigmoid output
        dW2 += np.outer(e, h)
        db2 += e
        d = (W2.T @ e) * h * (1 - h)
        dW1 += np.outer(d, x)
        db1 += d
    return dW1, db1, dW2, db2


if __name__ == "__main__":
    X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)
    Y = np.array([[0], [1], [1], [0]], dtype=float)
    W1, b1, W2, b2 = INIT()
    for i in range(STEPS):
        g = grads(W1, b1, W2, b2, X, Y)
        W1, b1, W2, b2 = (a - LR * d for a, d in zip((W1, b1, W2, b2), g))
    out = np.array([sigmoid(W2 @ sigmoid(W1 @ x + b1) + b2)[0] for x in X])
    print(out.round(3))
    print("learns XOR:", "yes" if np.all((out > 0.5) == (Y.ravel() > 0.5)) else "no")
