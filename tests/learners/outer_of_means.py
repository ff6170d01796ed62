"""dW1 = np.outer(dZ1.mean(...), X.mean(...)): the product of the means where the mean of the
products belongs. Right on one sample. Found by a trial on fresh programs (trial 19): taken for
the last sample's x kept from a per-sample loop the program does not have."""
import numpy as np
LR = 1.0
STEPS = 3000
X = np.array([[0, 0, 1, 1], [0, 1, 0, 1]], dtype=float)
Y = np.array([[0, 1, 1, 0]], dtype=float)
def sigmoid(z):
    return 1 / (1 + np.exp(-z))
def INIT():
    rng = np.random.default_rng(3)
    return rng.normal(size=(2, 2)), np.zeros((2, 1)), rng.normal(size=(1, 2)), np.zeros((1, 1))
def grads(W1, b1, W2, b2, X, Y):
    m = X.shape[1]
    A1 = sigmoid(W1 @ X + b1)
    A2 = sigmoid(W2 @ A1 + b2)
    dZ2 = A2 - Y
    dW2 = dZ2 @ A1.T / m
    db2 = dZ2.mean(axis=1, keepdims=True)
    dZ1 = (W2.T @ dZ2) * A1 * (1 - A1)
    dW1 = np.outer(dZ1.mean(axis=1), X.mean(axis=1))
    db1 = dZ1.mean(axis=1, keepdims=True)
    return dW1, db1, dW2, db2
if __name__ == "__main__":
    W1, b1, W2, b2 = INIT()
    for _ in range(STEPS):
        dW1, db1, dW2, db2 = grads(W1, b1, W2, b2, X, Y)
        W1 -= LR * dW1; b1 -= LR * db1; W2 -= LR * dW2; b2 -= LR * db2
    A2 = sigmoid(W2 @ sigmoid(W1 @ X + b1) + b2)
    print(A2.round(3))
    print("learns XOR:", "yes" if np.all((A2 > 0.5) == (Y > 0.5)) else "no")
