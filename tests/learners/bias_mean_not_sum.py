"""Bias gradients taken as a mean, not a sum: dz2 already carries the 1/m of the mean BCE, and
db2 = np.mean(dz2, axis=0), db1 = np.mean(dz1, axis=0) divide by m again, so both are 1/m of the
true ones; the weight gradients are right. Rows, sigmoid hidden, mean BCE. Found by a trial on
fresh programs: the stage reading once read the factor for m samples from db2 alone and said
dL/dz2 was wrong (trial 8)."""
import numpy as np

LR = 1.0
STEPS = 5000
UPDATE = "subtract"


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def INIT():
    rng = np.random.default_rng(4)
    return (rng.normal(0, 1, (2, 2)), np.zeros((1, 2)),
            rng.normal(0, 1, (2, 1)), np.zeros((1, 1)))


def grads(W1, b1, W2, b2, X, Y):
    m = X.shape[0]
    A1 = sigmoid(X @ W1 + b1)
    A2 = sigmoid(A1 @ W2 + b2)
    dZ2 = (A2 - Y) / m
    dW2 = A1.T @ dZ2
    db2 = np.mean(dZ2, axis=0, keepdims=True)      # BUG: should be np.sum
    dZ1 = (dZ2 @ W2.T) * A1 * (1 - A1)
    dW1 = X.T @ dZ1
    db1 = np.mean(dZ1, axis=0, keepdims=True)      # BUG: should be np.sum
    return dW1, db1, dW2, db2


if __name__ == "__main__":
    X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)
    Y = np.array([[0], [1], [1], [0]], dtype=float)
    W1, b1, W2, b2 = INIT()
    for t in range(STEPS):
        dW1, db1, dW2, db2 = grads(W1, b1, W2, b2, X, Y)
        W1 -= LR * dW1; b1 -= LR * db1; W2 -= LR * dW2; b2 -= LR * db2
    A2 = sigmoid(sigmoid(X @ W1 + b1) @ W2 + b2)
    print(A2.ravel())
    print("learns XOR:", "yes" if np.all((A2 > 0.5) == (Y == 1)) else "no")
