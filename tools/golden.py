#!/usr/bin/python3
"""Generate PyTorch golden-value fixtures for jgrad's Java tests.

What it makes (all tensors float32, little-endian, in the safetensors format):

  mlp.safetensors    tiny MLP  Linear(5,6) -> ReLU -> Linear(6,3) -> Sigmoid:
                     inputs, parameters, forward values and gradients for
                     BCE(sum), MSE(mean) and BCE(mean) losses, plus a few
                     single-op edge cases (BCE with predictions of exactly 0/1,
                     ReLU/abs at 0, clamp at its bounds).
  vae.safetensors    a small version of the NYU Deep Learning VAE (11-VAE):
                     12 -> 8 -> 2*3 encoder, 3 -> 8 -> 12 decoder, batch 5,
                     fixed eps; forward values, losses and parameter gradients.
  optim.safetensors  the VAE parameters after one and two steps of Adam,
                     SGD with momentum, and one step of plain SGD.

Every tensor name and its meaning is listed in tools/README.md.

How to rerun (needs Debian's python3-torch, i.e. PyTorch 1.13, and numpy):

    /usr/bin/python3 tools/golden.py autograd/src/test/resources/golden

The output directory is created if needed; existing files are overwritten.
The script has its own minimal safetensors writer (it does not use the
`safetensors` package).  Scalars (losses) are stored with shape [] (a
zero-dimensional tensor, 4 bytes of data).

Everything is computed in float32 on the CPU with one thread, exactly as
PyTorch does it, so the Java side can compare with a ~1e-5 relative tolerance.
"""

import copy
import json
import os
import struct
import sys

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

SCRIPT = "tools/golden.py"
SEED = 0


# --------------------------------------------------------------------------
# Minimal safetensors writer
# --------------------------------------------------------------------------

def write_safetensors(path, tensors, metadata):
    """Write an ordered dict name -> tensor as a safetensors file.

    Layout: 8-byte little-endian u64 header length N, then N bytes of UTF-8
    JSON (padded with spaces so N is a multiple of 8, as the reference
    implementation does), then the raw little-endian float32 data of each
    tensor, back to back in insertion order.  data_offsets are [begin, end)
    byte offsets relative to the start of the data buffer (after the header).
    Metadata values must be strings.
    """
    header = {}
    chunks = []
    offset = 0
    for name, t in tensors.items():
        if name == "__metadata__":
            raise ValueError("reserved name")
        arr = t.detach().cpu().contiguous().numpy() if torch.is_tensor(t) else np.asarray(t)
        if arr.dtype != np.float32:
            raise TypeError(f"{name}: expected float32, got {arr.dtype}")
        data = arr.astype("<f4", copy=False).tobytes(order="C")
        header[name] = {
            "dtype": "F32",
            "shape": list(arr.shape),
            "data_offsets": [offset, offset + len(data)],
        }
        chunks.append(data)
        offset += len(data)
    header["__metadata__"] = {str(k): str(v) for k, v in metadata.items()}
    hbytes = json.dumps(header, separators=(",", ":")).encode("utf-8")
    hbytes += b" " * ((8 - len(hbytes) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(hbytes)))
        f.write(hbytes)
        for c in chunks:
            f.write(c)


def base_metadata(fixture, seed, **extra):
    md = {
        "generator": SCRIPT,
        "fixture": fixture,
        "torch_version": torch.__version__,
        "seed": str(seed),
        "dtype": "float32",
        "scalars": "shape []",
        "rerun": "/usr/bin/python3 tools/golden.py autograd/src/test/resources/golden",
    }
    md.update({k: str(v) for k, v in extra.items()})
    return md


def grads_of(loss, named):
    """Gradients of `loss` w.r.t. the tensors in the ordered dict `named`."""
    gs = torch.autograd.grad(loss, list(named.values()), retain_graph=True)
    return dict(zip(named.keys(), gs))


# --------------------------------------------------------------------------
# 1. MLP (+ single-op edge cases)
# --------------------------------------------------------------------------

def make_mlp():
    torch.manual_seed(SEED)
    x = torch.randn(4, 5)
    target = torch.rand(4, 3)
    assert bool(((target > 0) & (target < 1)).all())
    model = nn.Sequential(nn.Linear(5, 6), nn.ReLU(), nn.Linear(6, 3), nn.Sigmoid())

    out = {"x": x, "target": target}
    params = dict(model.named_parameters())          # 0.weight, 0.bias, 2.weight, 2.bias
    for n, p in params.items():
        out[n] = p.detach().clone()

    xg = x.clone().requires_grad_(True)
    hidden = model[0](xg)                            # pre-ReLU of layer 0
    h = model[1](hidden)
    logits = model[2](h)                             # pre-sigmoid
    y = model[3](logits)
    wrt = dict(params)
    wrt["x"] = xg

    out["out.hidden"] = hidden.detach()
    out["out.logits"] = logits.detach()
    out["out.y"] = y.detach()

    loss = F.binary_cross_entropy(y, target, reduction="sum")
    out["out.loss"] = loss.detach()
    for n, g in grads_of(loss, wrt).items():
        out["grad." + n] = g

    mse = F.mse_loss(y, target, reduction="mean")
    out["out.mse_loss"] = mse.detach()
    for n, g in grads_of(mse, wrt).items():
        out["mse_grad." + n] = g

    bce_mean = F.binary_cross_entropy(y, target, reduction="mean")
    out["out.bce_mean"] = bce_mean.detach()
    for n, g in grads_of(bce_mean, wrt).items():
        out["bce_mean_grad." + n] = g

    # ---- single-op edge cases ------------------------------------------
    # BCE with predictions of exactly 0 and 1.  PyTorch clamps each log term
    # at -100, so a "certain and wrong" element costs 100.  Its backward is
    #   grad * (pred - target) / max(pred * (1 - pred), 1e-12)
    # which gives +-1e12 at pred = 0/1 with a mismatching target.
    pred = torch.tensor([0.0, 0.0, 1.0, 1.0, 0.0, 1.0, 0.25, 0.9], requires_grad=True)
    tgt = torch.tensor([0.0, 1.0, 0.0, 1.0, 0.5, 0.5, 0.2, 1.0])
    l = F.binary_cross_entropy(pred, tgt, reduction="sum")
    out["bce_edge.pred"] = pred.detach().clone()
    out["bce_edge.target"] = tgt
    out["bce_edge.loss"] = F.binary_cross_entropy(pred, tgt, reduction="none").detach()
    out["bce_edge.loss_sum"] = l.detach()
    out["bce_edge.grad_pred"] = torch.autograd.grad(l, pred)[0]

    # ReLU at exactly 0: PyTorch's derivative there is 0.  loss = sum(relu(x))
    xr = torch.tensor([-2.0, -0.5, 0.0, 0.5, 2.0], requires_grad=True)
    out["relu_zero.x"] = xr.detach().clone()
    out["relu_zero.y"] = torch.relu(xr).detach()
    out["relu_zero.grad_x"] = torch.autograd.grad(torch.relu(xr).sum(), xr)[0]

    # abs at exactly 0: derivative sign(x) = 0 there.  loss = sum(abs(x))
    xa = torch.tensor([-1.5, 0.0, 2.0], requires_grad=True)
    out["abs_zero.x"] = xa.detach().clone()
    out["abs_zero.y"] = xa.abs().detach()
    out["abs_zero.grad_x"] = torch.autograd.grad(xa.abs().sum(), xa)[0]

    # clamp(x, -1, 1) with x exactly on the bounds: PyTorch passes the
    # gradient through when min <= x <= max (bounds included).  loss = sum
    xc = torch.tensor([-2.0, -1.0, -0.5, 0.0, 1.0, 3.0], requires_grad=True)
    out["clamp_edge.x"] = xc.detach().clone()
    out["clamp_edge.y"] = xc.clamp(-1.0, 1.0).detach()
    out["clamp_edge.grad_x"] = torch.autograd.grad(xc.clamp(-1.0, 1.0).sum(), xc)[0]

    md = base_metadata(
        "mlp", SEED,
        model="Sequential(Linear(5,6), ReLU(), Linear(6,3), Sigmoid()); weight layout [out,in]",
        data="torch.manual_seed(0); x = randn(4,5); target = rand(4,3); then the model is built",
        losses="out.loss = BCE sum; out.mse_loss = MSE mean; out.bce_mean = BCE mean",
    )
    return out, md


# --------------------------------------------------------------------------
# 2. VAE
# --------------------------------------------------------------------------

D_IN, D_HID, D_LAT, BATCH = 12, 8, 3, 5


class VAE(nn.Module):
    """NYU Deep Learning 11-VAE, shrunk: 784->12, 400->8, d 20->3."""

    def __init__(self, d=D_LAT):
        super().__init__()
        self.d = d
        self.encoder = nn.Sequential(nn.Linear(D_IN, D_HID), nn.ReLU(), nn.Linear(D_HID, 2 * d))
        self.decoder = nn.Sequential(nn.Linear(d, D_HID), nn.ReLU(), nn.Linear(D_HID, D_IN), nn.Sigmoid())

    def forward(self, x, eps, sample=True):
        ml = self.encoder(x).view(-1, 2, self.d)
        mu = ml[:, 0, :]
        logvar = ml[:, 1, :]
        z = mu + eps * torch.exp(0.5 * logvar) if sample else mu
        x_hat = self.decoder(z)
        return mu, logvar, z, x_hat


def vae_loss(x_hat, x, mu, logvar, beta=1.0):
    bce = F.binary_cross_entropy(x_hat, x, reduction="sum")
    kld = 0.5 * torch.sum(logvar.exp() - logvar - 1 + mu.pow(2))
    return bce, kld, bce + beta * kld


def make_vae_inputs():
    torch.manual_seed(SEED)
    x = torch.rand(BATCH, D_IN)
    eps = torch.randn(BATCH, D_LAT)
    model = VAE()
    return model, x, eps


def make_vae():
    model, x, eps = make_vae_inputs()
    out = {"x": x, "eps": eps}
    params = dict(model.named_parameters())
    for n, p in params.items():
        out[n] = p.detach().clone()

    mu, logvar, z, x_hat = model(x, eps)
    bce, kld, loss = vae_loss(x_hat, x, mu, logvar)
    out["out.mu"] = mu.detach()
    out["out.logvar"] = logvar.detach()
    out["out.z"] = z.detach()
    out["out.x_hat"] = x_hat.detach()
    out["out.bce"] = bce.detach()
    out["out.kld"] = kld.detach()
    out["out.loss"] = loss.detach()
    for n, g in grads_of(loss, params).items():
        out["grad." + n] = g

    with torch.no_grad():
        mu_e, logvar_e, _, x_hat_e = model(x, eps, sample=False)
        _, _, eval_loss = vae_loss(x_hat_e, x, mu_e, logvar_e)
    out["out.eval_x_hat"] = x_hat_e
    out["out.eval_loss"] = eval_loss

    md = base_metadata(
        "vae", SEED,
        model="encoder=Sequential(Linear(12,8),ReLU(),Linear(8,6)); decoder=Sequential(Linear(3,8),ReLU(),Linear(8,12),Sigmoid())",
        forward="ml=encoder(x).view(-1,2,3); mu=ml[:,0,:]; logvar=ml[:,1,:]; z=mu+eps*exp(0.5*logvar); x_hat=decoder(z)",
        loss="BCE(x_hat,x,sum) + 0.5*sum(exp(logvar)-logvar-1+mu^2)  (beta=1); eval_loss uses z=mu",
        data="torch.manual_seed(0); x = rand(5,12); eps = randn(5,3); then the model is built",
    )
    return out, md


# --------------------------------------------------------------------------
# 3. Optimizers on the VAE
# --------------------------------------------------------------------------

def two_steps(opt_factory, prefix, out, steps=2):
    """Run `steps` optimizer steps on a fresh copy of the VAE fixture.

    Step k: zero grads, compute the loss at the current parameters with the
    fixture's x and eps, backward, opt.step().  After each step the
    parameters are saved as `<prefix><k>.<name>`; the loss and gradients used
    for step k>=2 are saved as `<prefix><k-1>.loss` / `<prefix><k-1>_grad.<name>`.
    """
    model, x, eps = make_vae_inputs()
    opt = opt_factory(model.parameters())
    for k in range(1, steps + 1):
        opt.zero_grad()
        mu, logvar, _, x_hat = model(x, eps)
        _, _, loss = vae_loss(x_hat, x, mu, logvar)
        loss.backward()
        if k >= 2:
            out[f"{prefix}{k - 1}.loss"] = loss.detach().clone()
            for n, p in model.named_parameters():
                out[f"{prefix}{k - 1}_grad.{n}"] = p.grad.detach().clone()
        opt.step()
        for n, p in model.named_parameters():
            out[f"{prefix}{k}.{n}"] = p.detach().clone()


def make_optim():
    out = {}
    two_steps(lambda ps: torch.optim.Adam(ps, lr=1e-3, betas=(0.9, 0.999), eps=1e-8), "adam", out)
    two_steps(lambda ps: torch.optim.SGD(ps, lr=0.1, momentum=0.9), "sgd", out)
    two_steps(lambda ps: torch.optim.SGD(ps, lr=0.1), "sgdplain", out, steps=1)
    md = base_metadata(
        "optim", SEED,
        start="initial parameters, x, eps and step-1 gradients are those of vae.safetensors",
        adam="Adam lr=1e-3 betas=(0.9,0.999) eps=1e-8 weight_decay=0 amsgrad=False: "
             "m=b1*m+(1-b1)*g; v=b2*v+(1-b2)*g^2; p -= (lr/(1-b1^t)) * m / (sqrt(v)/sqrt(1-b2^t) + eps)",
        sgd="SGD lr=0.1 momentum=0.9 dampening=0 nesterov=False: buf=g at step 1, then buf=0.9*buf+g; p -= lr*buf",
        sgdplain="SGD lr=0.1, no momentum: p -= lr*g",
        protocol="step 2 recomputes loss and grads at the step-1 parameters with the same x and eps",
    )
    return out, md


# --------------------------------------------------------------------------

def main(argv):
    if len(argv) != 2:
        print(__doc__)
        print("usage: /usr/bin/python3 tools/golden.py OUTPUT_DIR", file=sys.stderr)
        return 2
    outdir = argv[1]
    os.makedirs(outdir, exist_ok=True)
    torch.set_num_threads(1)
    torch.set_default_dtype(torch.float32)
    for fname, maker in (("mlp.safetensors", make_mlp),
                         ("vae.safetensors", make_vae),
                         ("optim.safetensors", make_optim)):
        tensors, md = maker()
        path = os.path.join(outdir, fname)
        write_safetensors(path, tensors, md)
        print(f"wrote {path}: {len(tensors)} tensors, {os.path.getsize(path)} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
