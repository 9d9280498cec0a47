#!/usr/bin/python3
"""PyTorch trains the lecture's VAE on jgrad's random numbers: the same initial weights, the same order of the
training images in every epoch and the same noise eps in every step as `./vae train --seed SEED`.

Usage: /usr/bin/python3 tools/torch_twin.py MNIST_DIR [epochs] [seed]   (defaults 10 and 1)
Prints 'epoch N train X test Y' as ./vae train does (epoch 0: the untrained model's test loss).

Two engines given the same random numbers differ only by float rounding, so their losses agree closely for the
first epochs and drift apart slowly after that. A run whose final test loss is unusual (jgrad's seed 1 ends at
100.40, while PyTorch's own seeds end between 98.3 and 99.1) can so be told apart: if PyTorch, fed the same
numbers, ends there too, it is the random numbers that put it there, not jgrad's arithmetic.

jgrad's generator is re-implemented here exactly (io.jgrad.core.Rng: SplitMix64; floats from the top 24 bits;
Box-Muller from two words; Fisher-Yates with Java's RandomGenerator.nextInt(bound)), and drawn in jgrad's order:
the four Linear layers' weights then biases (encoder.0, encoder.2, decoder.0, decoder.2), uniform in +-1/sqrt(in);
then per epoch a permutation of the 60k training images and per step eps for the batch, row by row.
Needs Debian's python3-torch; the model and loss are those of ../shared/anchors/torch_vae.py."""
import math
import os
import sys

import numpy as np
import torch

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'shared', 'anchors'))
from torch_vae import VAE, find, idx, loss_fn  # noqa: E402

GAMMA = np.uint64(0x9E3779B97F4A7C15)
MASK = (1 << 64) - 1


class Rng:
    """io.jgrad.core.Rng: SplitMix64, whose n-th word depends only on the seed and n."""

    def __init__(self, seed):
        self.state = seed & MASK

    def words(self, count):
        """The next `count` 64-bit outputs, as a numpy uint64 array."""
        with np.errstate(over='ignore'):
            z = np.uint64(self.state) + GAMMA * np.arange(1, count + 1, dtype=np.uint64)
            z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
            z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        self.state = (self.state + count * 0x9E3779B97F4A7C15) & MASK
        return z ^ (z >> np.uint64(31))

    def word(self):
        return int(self.words(1)[0])

    def uniform(self, n, low, high):
        """Rng.uniform: low + (high - low) * u in float arithmetic, u with 24 random bits; kept below high."""
        u = (self.words(n) >> np.uint64(40)).astype(np.float32) * np.float32(2.0 ** -24)
        low, high = np.float32(low), np.float32(high)
        v = low + (high - low) * u
        return np.where(v < high, v, np.nextafter(high, np.float32(-np.inf))).astype(np.float32)

    def normal(self, n):
        """Rng.normal(n, 0, 1): Box-Muller, sqrt(-2 ln u1) cos(2 pi u2) in double, u1 in (0, 1], rounded to float."""
        w = self.words(2 * n).reshape(n, 2)
        u1 = 1.0 - (w[:, 0] >> np.uint64(11)).astype(np.float64) * 2.0 ** -53
        u2 = (w[:, 1] >> np.uint64(11)).astype(np.float64) * 2.0 ** -53
        return (np.sqrt(-2.0 * np.log(u1)) * np.cos(2.0 * math.pi * u2)).astype(np.float32)

    def next_int(self, bound):
        """java.util.random.RandomGenerator.nextInt(bound): top 32 bits, masked or rejected as the JDK does."""
        r = self.word() >> 32
        m = bound - 1
        if bound & m == 0:
            return r & m
        u = r >> 1
        while u + m - u % bound >= 1 << 31:          # the JDK's int overflow test: an over-represented candidate
            u = self.word() >> 33
        return u % bound

    def permutation(self, n):
        order = np.arange(n)
        for i in range(n - 1, 0, -1):
            j = self.next_int(i + 1)
            order[i], order[j] = order[j], order[i]
        return order


def jgrad_init(model, rng):
    with torch.no_grad():
        for layer in (model.encoder[0], model.encoder[2], model.decoder[0], model.decoder[2]):
            out, inp = layer.weight.shape
            bound = np.float32(1.0 / math.sqrt(inp))
            layer.weight.copy_(torch.from_numpy(rng.uniform(out * inp, -bound, bound).reshape(out, inp)))
            layer.bias.copy_(torch.from_numpy(rng.uniform(out, -bound, bound)))


def test_loss(model, xte, bs):
    model.eval()
    total = 0.0
    with torch.no_grad():
        for i in range(0, len(xte), bs):
            x = xte[i:i + bs]
            xh, mu, lv = model(x)
            total += loss_fn(xh, x, mu, lv).item()
    return total / len(xte)


def main():
    root = sys.argv[1]
    epochs = int(sys.argv[2]) if len(sys.argv) > 2 else 10
    seed = int(sys.argv[3]) if len(sys.argv) > 3 else 1
    bs, latent = 256, 20
    xtr = torch.from_numpy(idx(find(root, 'train-images-idx3-ubyte')).reshape(-1, 784).astype(np.float32) / 255)
    xte = torch.from_numpy(idx(find(root, 't10k-images-idx3-ubyte')).reshape(-1, 784).astype(np.float32) / 255)
    rng = Rng(seed)
    model = VAE()
    jgrad_init(model, rng)
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    print(f'epoch 0 test {test_loss(model, xte, bs):.2f}', flush=True)
    for epoch in range(1, epochs + 1):
        model.train()
        order = torch.from_numpy(rng.permutation(len(xtr)))
        total = 0.0
        for i in range(0, len(xtr), bs):
            x = xtr[order[i:i + bs]]
            ml = model.encoder(x).view(-1, 2, latent)
            mu, logvar = ml[:, 0, :], ml[:, 1, :]
            eps = torch.from_numpy(rng.normal(len(x) * latent).reshape(len(x), latent))
            z = mu + eps * (0.5 * logvar).exp()
            loss = loss_fn(model.decoder(z), x, mu, logvar)
            opt.zero_grad()
            loss.backward()
            opt.step()
            total += loss.item()
        print(f'epoch {epoch} train {total / len(xtr):.2f} test {test_loss(model, xte, bs):.2f}', flush=True)


if __name__ == '__main__':
    main()
