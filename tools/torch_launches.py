#!/usr/bin/env python3
"""How many CUDA kernels PyTorch eager launches per training step of the lecture's VAE (batch 256, Adam, the
anchor's model and loss from torch_vae.py), counted with torch.profiler: the number to set beside jgrad's
launches per step when the two engines' GPU epochs are compared. Random images, so no MNIST is needed.
Usage: python3 torch_launches.py ANCHORS_DIR [steps]   (ANCHORS_DIR holds torch_vae.py; default 10 steps)
Prints 'torch launches per step: K kernels, M memcpy/memset, R launch calls on the host (N steps profiled)'."""
import sys

import torch
from torch.autograd import DeviceType
from torch.profiler import ProfilerActivity, profile

sys.path.insert(0, sys.argv[1])
from torch_vae import VAE, loss_fn  # noqa: E402  (the anchor, found through ANCHORS_DIR)

LAUNCH_CALLS = ('cudaLaunchKernel', 'cudaLaunchKernelExC', 'cuLaunchKernel', 'cuLaunchKernelEx')


def main():
    steps = int(sys.argv[2]) if len(sys.argv) > 2 else 10
    dev = torch.device('cuda')
    torch.manual_seed(1)
    model = VAE().to(dev)
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    x = torch.rand(256, 784, device=dev)

    def step():
        x_hat, mu, logvar = model(x)
        loss = loss_fn(x_hat, x, mu, logvar)
        opt.zero_grad()
        loss.backward()
        opt.step()
        return loss.item()   # as torch_vae.py: one read-back per step

    for _ in range(5):
        step()
    torch.cuda.synchronize()
    with profile(activities=[ProfilerActivity.CPU, ProfilerActivity.CUDA]) as prof:
        for _ in range(steps):
            step()
        torch.cuda.synchronize()
    kernels = memory = calls = 0
    for event in prof.events():
        if event.device_type == DeviceType.CUDA:
            if event.name.startswith(('Memcpy', 'Memset')):
                memory += 1
            else:
                kernels += 1
        elif event.name in LAUNCH_CALLS:
            calls += 1
    print(f'torch {torch.__version__} {torch.cuda.get_device_name()}')
    print(f'torch launches per step: {kernels / steps:.1f} kernels, {memory / steps:.1f} memcpy/memset, '
          f'{calls / steps:.1f} launch calls on the host ({steps} steps profiled)')
    for key in ('self_device_time_total', 'self_cuda_time_total'):   # the name changed in PyTorch 2.4
        try:
            print(prof.key_averages().table(sort_by=key, row_limit=25))
            break
        except (AttributeError, KeyError, ValueError):
            continue


if __name__ == '__main__':
    main()
