"""dz2 = (a2 - y) / (a2 (1 - a2)): dL/da2 used as dz2, the sigmoid's a2 (1 - a2) never
multiplied back. Run added, it turns nan where a2 rounds to 1 and z2 is past 709.8. Found by a
trial on fresh programs (trial 18): the nan was blamed on an np.exp(z) / (1 + np.exp(z))
sigmoid this code does not have."""
import numpy as np

LR = 0.5
STEPS = 5000

def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))

def INIT():
    rng = np.random.default_rng(11)
    return rng.normal(0, 1, (2, 3)), np.zeros((1, 3)), rng.normal(0, 1, (3, 1)), np.zeros((1, 1))

def grads(W1, b1, W2, b2, X, Y):
    m = len(X)
    a1 = sigmoid(X @ W1 + b1)
    a2 = sigmoid(a1 @ W2 + b2)
    dz2 = (a2 - Y) / (a2 * (1 - a2)) / m      # BUG: this is dL/da2; missing * a2 * (1 - a2)
    dW2 = a1.T @ dz2
    db2 = np.sum(dz2, axis=0, keepdims=True)
    dz1 = dz2 @ W2.T * a1 * (1 - a1)
    dW1 = X.T @ dz1
    db1 = np.sum(dz1, axis=0, keepdims=True)
    return dW1, db1, dW2, db2

if __name__ == "__main__":
    X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], float)
    Y = np.array([[0], [1], [1], [0]], float)
    W1, b1, W2, b2 = INIT()
    with np.errstate(all="ignore"):
        for _ in range(STEPS):
            dW1, db1, dW2, db2 = grads(W1, b1, W2, b2, X, Y)
            W1 = W1 - LR * dW1; b1 = b1 - LR * db1; W2 = W2 - LR * dW2; b2 = b2 - LR * db2
        out = sigmoid(sigmoid(X @ W1 + b1) @ W2 + b2)
    print(out.ravel())
    print("learns XOR:", "yes" if np.all((out > 0.5) == (Y > 0.5)) else "no")
