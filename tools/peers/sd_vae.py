#!/usr/bin/env python3
"""PyTorch reference of Stable Diffusion's VAE (AutoencoderKL) with the original (CompVis) parameter names,
written from the architecture's description (Rombach et al., 2022, and the v1 inference config), so that a
checkpoint's first_stage_model.* tensors load into it by name. Used by the fixtures to compute what genlab
must reproduce.

  sd_vae.py CHECKPOINT.safetensors IMAGE.npy OUT.npy   # image (1, 3, H, W) in [0, 1] -> reconstruction
"""
import os
import sys

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import safetensors_np  # noqa: E402


def norm(c):
    return nn.GroupNorm(32, c, eps=1e-6)


class ResnetBlock(nn.Module):
    def __init__(self, cin, cout):
        super().__init__()
        self.norm1, self.conv1 = norm(cin), nn.Conv2d(cin, cout, 3, padding=1)
        self.norm2, self.conv2 = norm(cout), nn.Conv2d(cout, cout, 3, padding=1)
        if cin != cout:
            self.nin_shortcut = nn.Conv2d(cin, cout, 1)

    def forward(self, x):
        h = self.conv1(F.silu(self.norm1(x)))
        h = self.conv2(F.silu(self.norm2(h)))
        return (self.nin_shortcut(x) if hasattr(self, "nin_shortcut") else x) + h


class AttnBlock(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.norm = norm(c)
        self.q, self.k, self.v, self.proj_out = (nn.Conv2d(c, c, 1) for _ in range(4))

    def forward(self, x):
        b, c, h, w = x.shape
        n = self.norm(x)
        q = self.q(n).reshape(b, c, h * w).permute(0, 2, 1)
        k = self.k(n).reshape(b, c, h * w)
        v = self.v(n).reshape(b, c, h * w)
        att = torch.softmax(torch.bmm(q, k) / c ** 0.5, dim=2)  # (b, hw, hw)
        out = torch.bmm(v, att.permute(0, 2, 1)).reshape(b, c, h, w)
        return x + self.proj_out(out)


class Mid(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.block_1, self.attn_1, self.block_2 = ResnetBlock(c, c), AttnBlock(c), ResnetBlock(c, c)

    def forward(self, x):
        return self.block_2(self.attn_1(self.block_1(x)))


class Level(nn.Module):
    pass


class Encoder(nn.Module):
    def __init__(self, ch, mult, blocks, z, cin=3):
        super().__init__()
        self.conv_in = nn.Conv2d(cin, ch, 3, padding=1)
        self.down = nn.ModuleList()
        c = ch
        for i, m in enumerate(mult):
            level = Level()
            level.block = nn.ModuleList()
            for _ in range(blocks):
                level.block.append(ResnetBlock(c, ch * m))
                c = ch * m
            if i < len(mult) - 1:
                level.downsample = Level()
                level.downsample.conv = nn.Conv2d(c, c, 3, stride=2)
            self.down.append(level)
        self.mid = Mid(c)
        self.norm_out, self.conv_out = norm(c), nn.Conv2d(c, 2 * z, 3, padding=1)

    def forward(self, x):
        h = self.conv_in(x)
        for level in self.down:
            for b in level.block:
                h = b(h)
            if hasattr(level, "downsample"):
                h = level.downsample.conv(F.pad(h, (0, 1, 0, 1)))
        return self.conv_out(F.silu(self.norm_out(self.mid(h))))


class Decoder(nn.Module):
    def __init__(self, ch, mult, blocks, z, cout=3):
        super().__init__()
        c = ch * mult[-1]
        self.conv_in = nn.Conv2d(z, c, 3, padding=1)
        self.mid = Mid(c)
        levels = [None] * len(mult)
        for i in reversed(range(len(mult))):
            level = Level()
            level.block = nn.ModuleList()
            for _ in range(blocks + 1):
                level.block.append(ResnetBlock(c, ch * mult[i]))
                c = ch * mult[i]
            if i > 0:
                level.upsample = Level()
                level.upsample.conv = nn.Conv2d(c, c, 3, padding=1)
            levels[i] = level
        self.up = nn.ModuleList(levels)
        self.norm_out, self.conv_out = norm(c), nn.Conv2d(c, cout, 3, padding=1)

    def forward(self, z):
        h = self.mid(self.conv_in(z))
        for i in reversed(range(len(self.up))):
            for b in self.up[i].block:
                h = b(h)
            if hasattr(self.up[i], "upsample"):
                h = self.up[i].upsample.conv(F.interpolate(h, scale_factor=2.0, mode="nearest"))
        return self.conv_out(F.silu(self.norm_out(h)))


class AutoencoderKL(nn.Module):
    def __init__(self, ch=128, mult=(1, 2, 4, 4), blocks=2, z=4):
        super().__init__()
        self.z = z
        self.encoder, self.decoder = Encoder(ch, mult, blocks, z), Decoder(ch, mult, blocks, z)
        self.quant_conv, self.post_quant_conv = nn.Conv2d(2 * z, 2 * z, 1), nn.Conv2d(z, z, 1)

    def encode_mean(self, x):
        return self.quant_conv(self.encoder(x))[:, : self.z]

    def decode(self, z):
        return self.decoder(self.post_quant_conv(z))


def from_state(state, prefix="first_stage_model."):
    sd = {k[len(prefix):]: torch.from_numpy(np.asarray(v, dtype=np.float32)) for k, v in state.items()
          if k.startswith(prefix)}
    ch = sd["encoder.conv_in.weight"].shape[0]
    mult, i = [], 0
    while f"encoder.down.{i}.block.0.conv1.weight" in sd:
        mult.append(sd[f"encoder.down.{i}.block.0.conv1.weight"].shape[0] // ch)
        i += 1
    blocks = 0
    while f"encoder.down.0.block.{blocks}.conv1.weight" in sd:
        blocks += 1
    vae = AutoencoderKL(ch, tuple(mult), blocks, sd["post_quant_conv.weight"].shape[0])
    vae.load_state_dict(sd, strict=True)
    return vae.eval()


def reconstruct(vae, image):
    with torch.no_grad():
        x = torch.from_numpy(image).float() * 2 - 1
        return ((vae.decode(vae.encode_mean(x)) + 1) / 2).clamp(0, 1).numpy()


if __name__ == "__main__":
    vae = from_state(safetensors_np.load(sys.argv[1]))
    np.save(sys.argv[3], reconstruct(vae, np.load(sys.argv[2])))
