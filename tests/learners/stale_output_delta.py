"""A class whose backward() builds the hidden delta from self.d2 first and only then stores this
call's output delta there, so dz1 uses the output delta of the call before (zeros on the first
call). Rows, sigmoid, mean BCE; dw2 and db2 are right. Found by a trial on fresh programs: check
once named the state for every parameter and called the right w2, b2 WRONG (trial 10)."""
import numpy as np

LR = 1.0
STEPS = 5000


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


class Net:
    def __init__(self):
        rng = np.random.default_rng(8)
        self.W1 = rng.normal(0, 1, (2, 2)); self.b1 = np.zeros((1, 2))
        self.W2 = rng.normal(0, 1, (2, 1)); self.b2 = np.zeros((1, 1))
        self.d2 = None

    def forward(self, X):
        self.a1 = sigmoid(X @ self.W1 + self.b1)
        self.a2 = sigmoid(self.a1 @ self.W2 + self.b2)
        return self.a2

    def backward(self, X, Y):
        m = X.shape[0]
        if self.d2 is None:
            self.d2 = np.zeros_like(self.a2)
        # hidden layer
        d1 = (self.d2 @ self.W2.T) * self.a1 * (1 - self.a1)   # BUG: self.d2 is last call's
        dW1 = X.T @ d1
        db1 = d1.sum(axis=0, keepdims=True)
        # output layer
        self.d2 = (self.a2 - Y) / m
        dW2 = self.a1.T @ self.d2
        db2 = self.d2.sum(axis=0, keepdims=True)
        return dW1, db1, dW2, db2


_net = Net()


def INIT():
    n = Net()
    return n.W1.copy(), n.b1.copy(), n.W2.copy(), n.b2.copy()


def grads(W1, b1, W2, b2, X, Y):
    _net.W1, _net.b1, _net.W2, _net.b2 = W1, b1, W2, b2
    _net.forward(X)
    return _net.backward(X, Y)


if __name__ == "__main__":
    X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)
    Y = np.array([[0], [1], [1], [0]], dtype=float)
    W1, b1, W2, b2 = INIT()
    for i in range(STEPS):
        dW1, db1, dW2, db2 = grads(W1, b1, W2, b2, X, Y)
        W1 -= LR * dW1; b1 -= LR * db1; W2 -= LR * dW2; b2 -= LR * db2
    out = sigmoid(sigmoid(X @ W1 + b1) @ W2 + b2)
    print(out.ravel().round(3))
    print("learns XOR:", "yes" if np.all((out > 0.5) == (Y > 0.5)) else "no")
