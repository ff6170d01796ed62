"""The output delta built on the logit, dZ2 = (Z2 - Y) / m where (A2 - Y) / m belongs, in a net
whose output is a sigmoid (rows, mean BCE, separate biases; no OUTPUT in the file). That is
exactly the gradient of a linear-output net's halved squared error, and check judges that net,
with a note that it found the linear output from the gradient alone (trial 11: check once said
nothing of it). Its 'learns XOR' is that net's, not the learner's (a known gap)."""
import numpy as np

LR = 1.0
STEPS = 3000

X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)
Y = np.array([[0], [1], [1], [0]], dtype=float)


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def INIT():
    np.random.seed(5)
    return np.random.randn(2, 2), np.zeros((1, 2)), np.random.randn(2, 1), np.zeros((1, 1))


def grads(W1, b1, W2, b2, X, Y):
    m = X.shape[0]
    Z1 = X @ W1 + b1
    A1 = sigmoid(Z1)
    Z2 = A1 @ W2 + b2
    A2 = sigmoid(Z2)
    dZ2 = (Z2 - Y) / m                 # BUG: should be (A2 - Y) / m
    dW2 = A1.T @ dZ2
    db2 = dZ2.sum(axis=0, keepdims=True)
    dZ1 = (dZ2 @ W2.T) * A1 * (1 - A1)
    dW1 = X.T @ dZ1
    db1 = dZ1.sum(axis=0, keepdims=True)
    return dW1, db1, dW2, db2


if __name__ == "__main__":
    W1, b1, W2, b2 = INIT()
    for _ in range(STEPS):
        dW1, db1, dW2, db2 = grads(W1, b1, W2, b2, X, Y)
        W1 -= LR * dW1; b1 -= LR * db1; W2 -= LR * dW2; b2 -= LR * db2
    out = sigmoid(sigmoid(X @ W1 + b1) @ W2 + b2)
    print(out.ravel().round(3))
    print("learns XOR:", "yes" if np.all((out > 0.5) == (Y > 0.5)) else "no")
