"""2-4-1, tanh hidden, sigmoid output, mean BCE, the gradient as a dict. The helper
tanh_derivative(x) = 1 - tanh(x)**2 is a derivative of the pre-activation, but it is applied to
the activation (tanh_derivative(hidden), where hidden = tanh(z1)): the derivative taken at a1,
where z1 belongs. Found by a trial on fresh programs: check once showed only the numbers."""
import numpy as np

LR = 0.5
STEPS = 3000
HIDDEN = 4
UPDATE = "subtract"


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def tanh_derivative(x):
    return 1 - np.tanh(x) ** 2


def INIT():
    rng = np.random.default_rng(12)
    return (rng.normal(0, 1, (2, HIDDEN)), np.zeros((1, HIDDEN)),
            rng.normal(0, 1, (HIDDEN, 1)), np.zeros((1, 1)))


def compute_gradients(W1, b1, W2, b2, X, Y):
    m = X.shape[0]
    hidden = np.tanh(X @ W1 + b1)
    out = sigmoid(hidden @ W2 + b2)
    d_out = (out - Y) / m
    d_hidden = (d_out @ W2.T) * tanh_derivative(hidden)
    return {"dW1": X.T @ d_hidden, "db1": d_hidden.sum(axis=0, keepdims=True),
            "dW2": hidden.T @ d_out, "db2": d_out.sum(axis=0, keepdims=True)}


if __name__ == "__main__":
    X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)
    Y = np.array([[0], [1], [1], [0]], dtype=float)
    W1, b1, W2, b2 = INIT()
    for i in range(STEPS):
        g = compute_gradients(W1, b1, W2, b2, X, Y)
        W1 -= LR * g["dW1"]; b1 -= LR * g["db1"]; W2 -= LR * g["dW2"]; b2 -= LR * g["db2"]
    out = sigmoid(np.tanh(X @ W1 + b1) @ W2 + b2)
    print("loss", -np.mean(Y * np.log(out) + (1 - Y) * np.log(1 - out)), out.ravel().round(3))
    print("learns XOR:", "yes" if np.all((out > 0.5) == (Y > 0.5)) else "no")
