"""Rows layout, mean BCE, a gradient function. To give dW2 "W2's shape" the learner writes
dW2 = W2; dW2 *= 0; dW2 += A1.T @ dZ2: dW2 is the caller's W2 itself, so the call overwrites the
caller's W2 with dW2, and the hidden delta dZ1 = (dZ2 @ W2.T) * ... then uses the gradient where
the weights belong (dW1, db1 wrong; dW2, db2 right). Found by a trial on fresh programs (trial
12): check passed fresh copies and never said the function changes its argument."""
import numpy as np

LR = 1.0
STEPS = 5000

def sigmoid(z):
    return 1 / (1 + np.exp(-z))

def INIT():
    rng = np.random.default_rng(12)
    return (rng.normal(0, 1, (2, 2)), np.zeros((1, 2)),
            rng.normal(0, 1, (2, 1)), np.zeros((1, 1)))

def grads(W1, b1, W2, b2, X, Y):
    m = X.shape[0]
    A1 = sigmoid(X @ W1 + b1)
    A2 = sigmoid(A1 @ W2 + b2)
    dZ2 = (A2 - Y) / m
    dW2 = W2          # same shape as W2
    dW2 *= 0
    dW2 += A1.T @ dZ2
    db2 = np.sum(dZ2, axis=0, keepdims=True)
    dZ1 = (dZ2 @ W2.T) * A1 * (1 - A1)
    dW1 = X.T @ dZ1
    db1 = np.sum(dZ1, axis=0, keepdims=True)
    return dW1, db1, dW2, db2

if __name__ == "__main__":
    X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)
    Y = np.array([[0], [1], [1], [0]], dtype=float)
    W1, b1, W2, b2 = INIT()
    for i in range(STEPS):
        dW1, db1, dW2, db2 = grads(W1, b1, W2, b2, X, Y)
        W1 -= LR * dW1; b1 -= LR * db1; W2 -= LR * dW2; b2 -= LR * db2
    out = sigmoid(sigmoid(X @ W1 + b1) @ W2 + b2)
    print(out.ravel())
    print("learns XOR:", "yes" if np.all((out > 0.5) == (Y > 0.5)) else "no")
