#!/usr/bin/env python3
"""PyTorch reference of genlab's VAE (dev.genlab.model.vae): same architecture, same safetensors weights,
same seed -> latent -> image mapping, written independently of genlab's code.

  vae.py --model models/vae --seeds 0 16 --out images.npy    # images (N, C, H, W) for seeds 0..15
  vae.py --model models/vae --serve                          # timing server for genlab bench --peers:
        reads lines "BATCH FIRST_SEED", prints the seconds one generate call took
"""
import json
import os
import sys

import numpy as np
import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import peer_cli  # noqa: E402
import safetensors_np  # noqa: E402
from genlab_seeds import latent_inputs  # noqa: E402


def groups(channels):
    g = min(32, channels)
    while channels % g:
        g -= 1
    return g


class Vae:
    def __init__(self, model_dir):
        cfg = json.load(open(os.path.join(model_dir, "config.json")))
        net = cfg["network"]
        self.latent = net["latent_dim"]
        self.base = net["base_channels"]
        self.classes = cfg.get("classes") or [] if net.get("conditional", True) else []
        img = cfg["image"]
        self.c, self.h, self.w = img["channels"], img["height"], img["width"]
        self.p = {k: torch.from_numpy(v.astype(np.float32)) for k, v in
                  safetensors_np.load(os.path.join(model_dir, "model.safetensors")).items()}

    def gn(self, name, x):
        return F.group_norm(x, groups(x.shape[1]), self.p[name + ".weight"], self.p[name + ".bias"], eps=1e-5)

    def conv(self, name, x):
        return F.conv2d(x, self.p[name + ".weight"], self.p[name + ".bias"], padding=1)

    def decode(self, z, onehot):
        x = torch.cat([z, onehot], 1) if self.classes else z
        h = F.linear(x, self.p["decoder.from_latent.weight"], self.p["decoder.from_latent.bias"])
        h = h.reshape(z.shape[0], 4 * self.base, self.h // 4, self.w // 4)
        names = ["decoder.conv1", "decoder.conv2", "decoder.conv3", "decoder.conv4", "decoder.conv_out"]
        for i, name in enumerate(names):
            h = F.silu(self.gn("decoder.norm%d" % (i + 1), h))
            if i in (0, 2):
                h = F.interpolate(h, scale_factor=2, mode="nearest")
            h = self.conv(name, h)
        return torch.sigmoid(h)

    def inputs(self, seeds, temperature=1.0):
        z, onehot = latent_inputs(seeds, self.latent, len(self.classes), temperature)
        return torch.from_numpy(z), torch.from_numpy(onehot)

    @torch.no_grad()
    def generate(self, seeds):
        z, onehot = self.inputs(seeds)
        return self.decode(z, onehot)


if __name__ == "__main__":
    peer_cli.run(Vae, __doc__)
