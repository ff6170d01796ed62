"""Samples in columns with 1-D biases ((2,) and (1,)) and a square W1, tanh hidden units, mean
squared error, a class method with np.matmul that reshapes its biases. Right. Found by a trial
on fresh programs (trial 13): check took the 1-D b1 for the row layout's, sent W1 transposed,
and refused it ("fits none of the forms check knows")."""
import numpy as np

LR = 1.0
STEPS = 4000


def INIT():
    rng = np.random.default_rng(3)
    return (rng.normal(0, 0.8, (2, 2)), np.zeros(2),
            rng.normal(0, 0.8, (1, 2)), np.zeros(1))


class Trainer:
    def forward(self, W1, b1, W2, b2, X):
        self.z1 = np.matmul(W1, X) + b1.reshape(-1, 1)
        self.a1 = np.tanh(self.z1)
        self.z2 = np.matmul(W2, self.a1) + b2.reshape(-1, 1)
        self.a2 = 1 / (1 + np.exp(-self.z2))
        return self.a2

    def grads(self, W1, b1, W2, b2, X, Y):
        m = X.shape[1]
        a2 = self.forward(W1, b1, W2, b2, X)
        dA2 = 2 * (a2 - Y) / m
        dZ2 = dA2 * a2 * (1 - a2)
        dW2 = np.matmul(dZ2, self.a1.T)
        db2 = dZ2.sum(axis=1).reshape(b2.shape)
        dZ1 = np.matmul(W2.T, dZ2) * (1 - self.a1 ** 2)
        dW1 = np.matmul(dZ1, X.T)
        db1 = dZ1.sum(axis=1).reshape(b1.shape)
        return dW1, db1, dW2, db2


trainer = Trainer()
grads = trainer.grads

if __name__ == "__main__":
    X = np.array([[0, 0, 1, 1], [0, 1, 0, 1]], dtype=float)
    Y = np.array([[0, 1, 1, 0]], dtype=float)
    W1, b1, W2, b2 = INIT()
    for _ in range(STEPS):
        dW1, db1, dW2, db2 = trainer.grads(W1, b1, W2, b2, X, Y)
        W1 = W1 - LR * dW1; b1 = b1 - LR * db1; W2 = W2 - LR * dW2; b2 = b2 - LR * db2
    out = trainer.forward(W1, b1, W2, b2, X)
    print("outputs:", np.round(out.ravel(), 3))
    print("learns XOR:", "yes" if np.all((out > 0.5) == (Y == 1)) else "no")
