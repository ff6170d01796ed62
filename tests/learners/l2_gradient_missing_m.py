"""Trial 22 (p4): a class for a 2-h-1 net with L2 weight decay, samples in columns. Its cost has
lam / (2 m) |W|^2, its gradient lam * W where lam / m * W belongs (m times too large)."""
import numpy as np

LAMBDA = 0.01
LR = 1.0
STEPS = 4000
HIDDEN = 3


class TwoLayerNet:
    def __init__(self, n_hidden=HIDDEN, lam=LAMBDA, seed=0):
        rng = np.random.RandomState(seed)
        self.W1 = rng.randn(n_hidden, 2)
        self.b1 = np.zeros((n_hidden, 1))
        self.W2 = rng.randn(1, n_hidden)
        self.b2 = np.zeros((1, 1))
        self.lam = lam

    @staticmethod
    def sig(z):
        return 1 / (1 + np.exp(-z))

    def cost(self, W1, b1, W2, b2, X, Y):
        m = X.shape[1]
        a2 = self.sig(W2 @ self.sig(W1 @ X + b1) + b2)
        ce = -np.sum(Y * np.log(a2) + (1 - Y) * np.log(1 - a2)) / m
        l2 = self.lam / (2 * m) * (np.sum(W1 ** 2) + np.sum(W2 ** 2))
        return ce + l2

    def grads(self, W1, b1, W2, b2, X, Y):
        m = X.shape[1]
        a1 = self.sig(W1 @ X + b1)
        a2 = self.sig(W2 @ a1 + b2)
        dz2 = a2 - Y
        dW2 = (dz2 @ a1.T) / m + self.lam * W2        # L2 part
        db2 = dz2.sum(axis=1, keepdims=True) / m
        dz1 = (W2.T @ dz2) * a1 * (1 - a1)
        dW1 = (dz1 @ X.T) / m + self.lam * W1         # L2 part
        db1 = dz1.sum(axis=1, keepdims=True) / m
        return dW1, db1, dW2, db2


net = TwoLayerNet()


def INIT():
    n = TwoLayerNet()
    return n.W1.copy(), n.b1.copy(), n.W2.copy(), n.b2.copy()


def COST(W1, b1, W2, b2, X, Y):
    return net.cost(W1, b1, W2, b2, X, Y)


if __name__ == "__main__":
    X = np.array([[0, 0, 1, 1], [0, 1, 0, 1]], dtype=float)
    Y = np.array([[0, 1, 1, 0]], dtype=float)
    p = [net.W1, net.b1, net.W2, net.b2]
    for step in range(STEPS):
        g = net.grads(*p, X, Y)
        p = [w - LR * d for w, d in zip(p, g)]
        if step % 500 == 0:
            print(step, net.cost(*p, X, Y))
    print("final cost", net.cost(*p, X, Y))
    W1, b1, W2, b2 = p
    out = net.sig(W2 @ net.sig(W1 @ X + b1) + b2)
    print("out", out.round(3))
    print("learns XOR:", "yes" if np.all((out > 0.5) == (Y > 0.5)) else "no")
