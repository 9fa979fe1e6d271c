#!/usr/bin/env python3
"""PyTorch reference of genlab's DCGAN generator (dev.genlab.model.gan): same architecture, same
safetensors weights, same seed -> latent -> image mapping, written independently of genlab's code.

  dcgan.py --model models/dcgan --seeds 0 16 --out images.npy    # images (N, C, H, W) for seeds 0..15
  dcgan.py --model models/dcgan --serve                          # timing server for genlab bench --peers
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


def pixel_norm(x):
    return x / torch.sqrt((x * x).mean(dim=1, keepdim=True) + 1e-8)


class Dcgan:
    def __init__(self, model_dir, weights=None, prefix="generator."):
        cfg = json.load(open(os.path.join(model_dir, "config.json")))
        net = cfg["network"]
        self.latent = net["latent_dim"]
        self.base = net["base_channels"]
        self.classes = (cfg.get("classes") or []) if net.get("conditional", True) else []
        img = cfg["image"]
        self.h, self.w = img["height"], img["width"]
        tensors = safetensors_np.load(weights or os.path.join(model_dir, "model.safetensors"))
        self.p = {k[len(prefix):]: torch.from_numpy(v.astype(np.float32)) for k, v in tensors.items()
                  if k.startswith(prefix)}

    def conv(self, name, x):
        return F.conv2d(x, self.p[name + ".weight"], self.p[name + ".bias"], padding=1)

    def forward(self, z, onehot):
        x = torch.cat([z, onehot], 1) if self.classes else z
        h = F.linear(x, self.p["from_latent.weight"], self.p["from_latent.bias"])
        h = F.leaky_relu(pixel_norm(h.reshape(z.shape[0], 4 * self.base, self.h // 4, self.w // 4)), 0.2)
        for i in range(4):
            if i % 2 == 0:
                h = F.interpolate(h, scale_factor=2, mode="nearest")
            h = F.leaky_relu(pixel_norm(self.conv("conv%d" % (i + 1), h)), 0.2)
        return torch.sigmoid(self.conv("to_image", h))

    def inputs(self, seeds, temperature=1.0):
        z, onehot = latent_inputs(seeds, self.latent, len(self.classes), temperature)
        return torch.from_numpy(z), torch.from_numpy(onehot)

    @torch.no_grad()
    def generate(self, seeds):
        z, onehot = self.inputs(seeds)
        return self.forward(z, onehot)


if __name__ == "__main__":
    peer_cli.run(Dcgan, __doc__)
