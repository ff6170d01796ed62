"""A class whose train step calls forward, then update, then backward: each update applies the
gradients the previous call's backward stored (zeros on the first call), one step late, and the
backward pass runs through the weights this call already moved. The net lives at module level,
so the stored gradients persist between calls. Samples in rows, mean squared error."""
import numpy as np

LR = 2.0
STEPS = 3000


class MLP:
    def __init__(self):
        rng = np.random.default_rng(21)
        self.W1, self.b1 = rng.normal(0, 1, (2, 2)), np.zeros((1, 2))
        self.W2, self.b2 = rng.normal(0, 1, (2, 1)), np.zeros((1, 1))
        self.grads = [np.zeros_like(a) for a in (self.W1, self.b1, self.W2, self.b2)]

    def forward(self, X):
        self.X = X
        self.H = 1 / (1 + np.exp(-(X @ self.W1 + self.b1)))
        self.O = 1 / (1 + np.exp(-(self.H @ self.W2 + self.b2)))

    def backward(self, Y):
        dO = 2 * (self.O - Y) / len(Y) * self.O * (1 - self.O)
        dH = dO @ self.W2.T * self.H * (1 - self.H)
        self.grads = [self.X.T @ dH, dH.sum(0, keepdims=True), self.H.T @ dO, dO.sum(0, keepdims=True)]

    def update(self, lr):
        self.W1, self.b1, self.W2, self.b2 = (p - lr * g for p, g in zip(
            (self.W1, self.b1, self.W2, self.b2), self.grads))


net = MLP()


def INIT():
    return net.W1, net.b1, net.W2, net.b2


def train_step(W1, b1, W2, b2, X, Y, lr):
    net.W1, net.b1, net.W2, net.b2 = W1, b1, W2, b2
    net.forward(X)
    net.update(lr)          # before backward: applies the gradients of the call before
    net.backward(Y)
    return net.W1, net.b1, net.W2, net.b2


if __name__ == "__main__":
    X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)
    Y = np.array([[0], [1], [1], [0]], dtype=float)
    params = INIT()
    for i in range(STEPS):
        params = train_step(*params, X, Y, LR)
    net.forward(X)
    print(net.O.ravel().round(3))
    print("learns XOR:", "yes" if np.all((net.O > 0.5) == (Y > 0.5)) else "no")
