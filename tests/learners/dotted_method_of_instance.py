"""A class whose gradients() method is checked through its module-level instance, by the
dotted name NET.gradients; a sigmoid that clips z first; samples in rows, summed BCE. Right.
Found by a trial on fresh programs (trial 15): refused ("has no function 'NET.gradients'")."""
import numpy as np

LR = 0.25
STEPS = 3000


def sigmoid(z):
    z = np.clip(z, -500, 500)
    return 1.0 / (1.0 + np.exp(-z))


def INIT():
    rng = np.random.default_rng(11)
    return (rng.normal(size=(2, 2)), np.zeros((1, 2)),
            rng.normal(size=(2, 1)), np.zeros((1, 1)))


class XorNet:
    def forward(self, W1, b1, W2, b2, X):
        self.h = sigmoid(X @ W1 + b1)
        self.out = sigmoid(self.h @ W2 + b2)
        return self.out

    def gradients(self, W1, b1, W2, b2, X, Y):
        out = self.forward(W1, b1, W2, b2, X)
        d_out = out - Y                       # summed BCE: no division
        dW2 = self.h.T @ d_out
        db2 = d_out.sum(axis=0, keepdims=True)
        d_h = (d_out @ W2.T) * self.h * (1 - self.h)
        dW1 = X.T @ d_h
        db1 = d_h.sum(axis=0, keepdims=True)
        return dW1, db1, dW2, db2


NET = XorNet()

if __name__ == "__main__":
    X = np.array([[0., 0.], [0., 1.], [1., 0.], [1., 1.]])
    Y = np.array([[0.], [1.], [1.], [0.]])
    W1, b1, W2, b2 = INIT()
    for _ in range(STEPS):
        g = NET.gradients(W1, b1, W2, b2, X, Y)
        W1 = W1 - LR * g[0]; b1 = b1 - LR * g[1]; W2 = W2 - LR * g[2]; b2 = b2 - LR * g[3]
    out = NET.forward(W1, b1, W2, b2, X)
    print("outputs:", out.ravel().round(3))
    print("learns XOR:", "yes" if np.all((out > 0.5) == (Y > 0.5)) else "no")
