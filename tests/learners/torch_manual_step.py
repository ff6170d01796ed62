"""PyTorch tensors with the gradients written by hand (no autograd), samples in rows as torch code
has them, the mean binary cross-entropy; the step updates its tensors in place and takes lr as a
number (a torch tensor cannot be multiplied by a 0-d NumPy array)."""
import torch

LR = 1.0
STEPS = 5000

X = torch.tensor([[0., 0.], [0., 1.], [1., 0.], [1., 1.]], dtype=torch.float64)   # (4, 2)
Y = torch.tensor([[0.], [1.], [1.], [0.]], dtype=torch.float64)                   # (4, 1)


def INIT():
    g = torch.Generator().manual_seed(3)
    return (torch.randn(2, 2, generator=g, dtype=torch.float64), torch.zeros(1, 2, dtype=torch.float64),
            torch.randn(2, 1, generator=g, dtype=torch.float64), torch.zeros(1, 1, dtype=torch.float64))


def step(w1, b1, w2, b2, X, Y, lr):
    m = X.shape[0]
    a1 = torch.sigmoid(X @ w1 + b1)              # (m, 2)
    a2 = torch.sigmoid(a1 @ w2 + b2)             # (m, 1)
    dz2 = (a2 - Y) / m                           # dL/dz2: sigmoid and mean BCE cancel
    dw2, db2 = a1.T @ dz2, dz2.sum(0, keepdim=True)
    dz1 = (dz2 @ w2.T) * a1 * (1 - a1)           # dL/dz1 = dL/da1 * sigmoid'(z1)
    dw1, db1 = X.T @ dz1, dz1.sum(0, keepdim=True)
    w1 -= lr * dw1
    b1 -= lr * db1
    w2 -= lr * dw2
    b2 -= lr * db2


if __name__ == "__main__":
    w1, b1, w2, b2 = INIT()
    for _ in range(STEPS):
        step(w1, b1, w2, b2, X, Y, LR)
    a2 = torch.sigmoid(torch.sigmoid(X @ w1 + b1) @ w2 + b2)
    print("learns XOR:", "yes" if bool(((a2 > 0.5) == (Y > 0.5)).all()) else "no")
