"""An exponentially decaying learning rate kept by a class (lr_t = lr * 0.999 ** t), samples in
rows, mean BCE; the hidden layer's gradient forgets the division by the number of samples that
the output layer's has. Each call's move is c_t times the gradient of no one loss: the schedule
must not hide that the layers disagree."""
import numpy as np

LR = 2.0
STEPS = 3000


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


class Decay:
    def __init__(self, rate):
        self.rate, self.t = rate, 0

    def __call__(self, lr):
        self.t += 1
        return lr * self.rate ** (self.t - 1)


schedule = Decay(0.999)


def INIT():
    rng = np.random.default_rng(5)
    return (rng.normal(0, 1, (2, 2)), np.zeros((1, 2)), rng.normal(0, 1, (2, 1)), np.zeros((1, 1)))


def step(W1, b1, W2, b2, X, Y, lr):
    lr_t = schedule(lr)
    n = len(X)
    a1 = sigmoid(X @ W1 + b1)
    a2 = sigmoid(a1 @ W2 + b2)
    err = a2 - Y
    d_hidden = err @ W2.T * a1 * (1 - a1)
    W2 = W2 - lr_t * a1.T @ err / n
    b2 = b2 - lr_t * err.mean(axis=0, keepdims=True)
    W1 = W1 - lr_t * X.T @ d_hidden            # no / n here
    b1 = b1 - lr_t * d_hidden.sum(axis=0, keepdims=True)
    return W1, b1, W2, b2


if __name__ == "__main__":
    X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)
    Y = np.array([[0], [1], [1], [0]], dtype=float)
    params = INIT()
    for i in range(STEPS):
        params = step(*params, X, Y, LR)
    W1, b1, W2, b2 = params
    a2 = sigmoid(sigmoid(X @ W1 + b1) @ W2 + b2)
    print(a2.ravel().round(3))
    print("learns XOR:", "yes" if np.all((a2 > 0.5) == (Y > 0.5)) else "no")
