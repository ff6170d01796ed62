# Trial 21 (p5): biases as ones columns in X and the hidden layer; dA2 written with a precedence
# slip, (1-Y)/1-A2 where (1-Y)/(1-A2) belongs. No net fits the gradient, but COST names the net.
# cross-entropy loss, derivative written out the long way (dL/da * da/dz)
import numpy as np

np.random.seed(3)
HIDDEN = 3
LR = 0.5
STEPS = 5000
UPDATE = "subtract"

def add_ones(A):
    return np.hstack([A, np.ones((A.shape[0], 1))])

def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))

def INIT():
    np.random.seed(3)
    W1 = np.random.uniform(-1, 1, (3, HIDDEN))        # last row = bias
    W2 = np.random.uniform(-1, 1, (HIDDEN + 1, 1))    # last row = bias
    return W1, W2

def gradients(W1, W2, Xb, Y):
    m = Xb.shape[0]
    H = add_ones(sigmoid(Xb @ W1))
    A2 = sigmoid(H @ W2)
    dA2 = (-Y/A2 + (1-Y)/1-A2) / m            # dL/da2 for BCE
    dZ2 = dA2 * A2 * (1 - A2)
    dW2 = H.T @ dZ2
    dH = dZ2 @ W2[:-1].T                        # drop the bias row
    dZ1 = dH * H[:, :-1] * (1 - H[:, :-1])
    dW1 = Xb.T @ dZ1
    return dW1, dW2

def COST(W1, W2, Xb, Y):
    A2 = sigmoid(add_ones(sigmoid(Xb @ W1)) @ W2)
    return -np.mean(Y*np.log(A2) + (1-Y)*np.log(1-A2))

if __name__ == "__main__":
    X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)
    Y = np.array([[0], [1], [1], [0]], dtype=float)
    Xb = add_ones(X)
    W1, W2 = INIT()
    for i in range(STEPS):
        dW1, dW2 = gradients(W1, W2, Xb, Y)
        W1 -= LR * dW1
        W2 -= LR * dW2
        if i % 500 == 0:
            print("iter", i, "cost", COST(W1, W2, Xb, Y))
    out = sigmoid(add_ones(sigmoid(Xb @ W1)) @ W2)
    print("cost", COST(W1, W2, Xb, Y))
    print("predictions", out.T)
    print("learns XOR:", "yes" if np.all((out > 0.5) == (Y > 0.5)) else "no")
