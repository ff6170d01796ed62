"""Biases as ones columns appended last (X and the hidden activations), samples in rows, mean
BCE, grads(W1, W2, X, Y). The hidden delta drops W2's bias row with [:, 1:], which drops hidden
unit 0 where [:, :-1] belongs: unit 0's delta goes back through unit 1's weight, unit 1's through
the output bias. dW2 is right. Found by a trial on fresh programs (trial 12): check said the
hidden layer multiplies by numbers that are no derivative."""
import numpy as np

LR = 1.0
STEPS = 5000

def sigmoid(z):
    return 1 / (1 + np.exp(-z))

def INIT():
    rng = np.random.default_rng(9)
    W1 = rng.normal(0, 1, (3, 2)); W1[-1] = 0
    W2 = rng.normal(0, 1, (3, 1)); W2[-1] = 0
    return W1, W2

def add_ones(A):
    return np.hstack([A, np.ones((A.shape[0], 1))])

def grads(W1, W2, X, Y):
    m = X.shape[0]
    Xb = add_ones(X)
    A1 = sigmoid(Xb @ W1)
    A1b = add_ones(A1)
    A2 = sigmoid(A1b @ W2)
    d2 = (A2 - Y) / m
    dW2 = A1b.T @ d2
    d1 = (d2 @ W2.T)[:, 1:] * A1 * (1 - A1)
    dW1 = Xb.T @ d1
    return dW1, dW2

if __name__ == "__main__":
    X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)
    Y = np.array([[0], [1], [1], [0]], dtype=float)
    W1, W2 = INIT()
    for i in range(STEPS):
        dW1, dW2 = grads(W1, W2, X, Y)
        W1 -= LR * dW1; W2 -= LR * dW2
    out = sigmoid(add_ones(sigmoid(add_ones(X) @ W1)) @ W2)
    print(out.ravel())
    print("learns XOR:", "yes" if np.all((out > 0.5) == (Y > 0.5)) else "no")
