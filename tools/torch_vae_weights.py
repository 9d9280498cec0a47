#!/usr/bin/python3
"""Train the lecture's VAE in PyTorch and save its weights as safetensors, to check that jgrad reads them.

Usage: /usr/bin/python3 tools/torch_vae_weights.py MNIST_DIR OUT.safetensors [epochs]
  MNIST_DIR holds the four IDX files (raw or .gz), e.g. ~/.cache/jgrad/mnist after ./vae train.
Prints 'test <loss>' for the trained weights (mean per-image BCE(sum) + KL over the 10k test images, z = mu),
the number `./vae evaluate --weights OUT.safetensors` must print too. The model and loss are those of
shared/anchors/torch_vae.py (NYU Deep Learning, notebook 11-VAE); tensor names are PyTorch's state_dict names.
Needs Debian's python3-torch."""
import os
import sys

import numpy as np
import torch
from torch import nn

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from golden import write_safetensors  # noqa: E402

D = 20


class VAE(nn.Module):
    def __init__(self):
        super().__init__()
        self.encoder = nn.Sequential(nn.Linear(784, D ** 2), nn.ReLU(), nn.Linear(D ** 2, D * 2))
        self.decoder = nn.Sequential(nn.Linear(D, D ** 2), nn.ReLU(), nn.Linear(D ** 2, 784), nn.Sigmoid())

    def forward(self, x):
        ml = self.encoder(x).view(-1, 2, D)
        mu, logvar = ml[:, 0, :], ml[:, 1, :]
        z = mu + torch.randn_like(mu) * (0.5 * logvar).exp() if self.training else mu
        return self.decoder(z), mu, logvar


def loss_fn(x_hat, x, mu, logvar):
    bce = nn.functional.binary_cross_entropy(x_hat, x, reduction='sum')
    return bce + 0.5 * torch.sum(logvar.exp() - logvar - 1 + mu.pow(2))


def idx(path):
    import gzip
    import struct
    opener = gzip.open if path.endswith('.gz') else open
    with opener(path, 'rb') as f:
        data = f.read()
    dims = struct.unpack('>' + 'I' * (data[3]), data[4:4 + 4 * data[3]])
    return np.frombuffer(data, np.uint8, offset=4 + 4 * data[3]).reshape(dims)


def images(root, stem):
    for suffix in ('', '.gz'):
        path = os.path.join(root, stem + suffix)
        if os.path.exists(path):
            return torch.from_numpy(idx(path).reshape(-1, 784).astype(np.float32) / 255)
    raise SystemExit(f'missing {stem} in {root}')


def main(argv):
    root, out = argv[1], argv[2]
    epochs = int(argv[3]) if len(argv) > 3 else 1
    torch.manual_seed(1)
    xtr, xte = images(root, 'train-images-idx3-ubyte'), images(root, 't10k-images-idx3-ubyte')
    model = VAE()
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    for _ in range(epochs):
        model.train()
        perm = torch.randperm(len(xtr))
        for i in range(0, len(xtr), 256):
            x = xtr[perm[i:i + 256]]
            x_hat, mu, logvar = model(x)
            loss = loss_fn(x_hat, x, mu, logvar)
            opt.zero_grad()
            loss.backward()
            opt.step()
    model.eval()
    total = 0.0
    with torch.no_grad():
        for i in range(0, len(xte), 256):
            x = xte[i:i + 256]
            x_hat, mu, logvar = model(x)
            total += loss_fn(x_hat, x, mu, logvar).item()
    print(f'test {total / len(xte):.2f}')
    write_safetensors(out, model.state_dict(), {'generator': 'tools/torch_vae_weights.py', 'epochs': str(epochs),
                                                'torch_version': torch.__version__})


if __name__ == '__main__':
    main(sys.argv)
