"""Biases as a ones column: X gets a column of ones, the hidden layer too. Mean squared error,
error = Y - out, a gradient function for W -= lr * dW, and the file's own COST. The bug: dW1
keeps the + of the error's sign where dW2 has the - (the hidden layer climbs). check once
crashed on it (the layers' words had no name for the learner's own cost)."""
import numpy as np

LR = 2.0
STEPS = 5000
HIDDEN = 3
UPDATE = "subtract"


def sig(z):
    return 1 / (1 + np.exp(-z))


def add_ones(A):
    return np.hstack([A, np.ones((A.shape[0], 1))])


def INIT():
    np.random.seed(3)
    W1 = np.random.randn(3, HIDDEN)        # last row = bias
    W2 = np.random.randn(HIDDEN + 1, 1)    # last row = bias
    return W1, W2


def COST(W1, W2, Xb, Y):
    out = sig(add_ones(sig(Xb @ W1)) @ W2)
    return np.mean((Y - out) ** 2)


def backprop(W1, W2, Xb, Y):
    m = Xb.shape[0]
    H = sig(Xb @ W1)
    Hb = add_ones(H)
    out = sig(Hb @ W2)
    err = Y - out
    d_out = err * out * (1 - out)
    dW2 = -2 / m * Hb.T @ d_out
    d_hid = (d_out @ W2[:-1].T) * H * (1 - H)
    dW1 = 2 / m * Xb.T @ d_hid
    return dW1, dW2


if __name__ == "__main__":
    X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)
    Y = np.array([[0], [1], [1], [0]], dtype=float)
    Xb = add_ones(X)
    W1, W2 = INIT()
    for i in range(STEPS):
        dW1, dW2 = backprop(W1, W2, Xb, Y)
        W1 -= LR * dW1
        W2 -= LR * dW2
        if i % 1000 == 0:
            print(i, COST(W1, W2, Xb, Y))
    out = sig(add_ones(sig(Xb @ W1)) @ W2)
    print(out.ravel().round(3))
    print("learns XOR:", "yes" if np.all((out > 0.5) == (Y > 0.5)) else "no")
