"""Samples in rows, 6 sigmoid units, BCE, a step that divides by n = W1.shape[1], the number
of hidden units (6), where the number of samples (4) belongs: it follows the summed BCE over 6,
0.6667 x the mean on these 4 samples and another factor on other data. Found by a trial on fresh
programs (trial 16): "correct ... 0.666667 times", with an output stage that DIFFERS beside it."""
import numpy as np

HIDDEN = 6
LR = 1.0
STEPS = 5000

def sigmoid(z):
    return 1 / (1 + np.exp(-z))

def INIT():
    np.random.seed(1)
    return (np.random.randn(2, HIDDEN), np.zeros((1, HIDDEN)),
            np.random.randn(HIDDEN, 1), np.zeros((1, 1)))

def step(W1, b1, W2, b2, X, Y, lr):
    n = W1.shape[1]          # number of ... (should be X.shape[0])
    A1 = sigmoid(np.dot(X, W1) + b1)
    A2 = sigmoid(np.dot(A1, W2) + b2)
    dZ2 = A2 - Y
    dW2 = np.dot(A1.T, dZ2) / n
    db2 = np.sum(dZ2, axis=0, keepdims=True) / n
    dZ1 = np.dot(dZ2, W2.T) * A1 * (1 - A1)
    dW1 = np.dot(X.T, dZ1) / n
    db1 = np.sum(dZ1, axis=0, keepdims=True) / n
    return W1 - lr * dW1, b1 - lr * db1, W2 - lr * dW2, b2 - lr * db2

if __name__ == "__main__":
    X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)
    Y = np.array([[0], [1], [1], [0]], dtype=float)
    W1, b1, W2, b2 = INIT()
    for _ in range(STEPS):
        W1, b1, W2, b2 = step(W1, b1, W2, b2, X, Y, LR)
    out = sigmoid(sigmoid(X @ W1 + b1) @ W2 + b2)
    print(out.ravel())
    print("learns XOR:", "yes" if np.all((out > 0.5) == (Y > 0.5)) else "no")
