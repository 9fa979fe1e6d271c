#!/usr/bin/env python3
"""PyTorch reference of Stable Diffusion 1.x's text-to-image pipeline on a CompVis checkpoint, written from
the papers and the released scheduler config (scaled-linear betas 0.00085 -> 0.012 over 1000 steps, "leading"
timesteps with steps_offset 1, set_alpha_to_one false): initial latents from torch.randn on a CPU generator
seeded with the seed, classifier-free guidance on a doubled batch (unconditional half first), a sampler, and
the VAE's decoder on latents / 0.18215. A 9-channel (inpainting) UNet also gets the mask at latent size and
the latent of the init image with the masked region blanked (--init, --mask; without them an empty image to
paint whole). Samplers: pndm (PLMS without Runge-Kutta warm-up: the first step's
two evaluations averaged, then Adams-Bashforth on eps), ddim (eta 0), euler (on sigma, as diffusers' Euler).

  sd_pipeline.py CHECKPOINT.safetensors IDS.txt OUT.npy --seed S --steps N --cfg W --sampler NAME --size WxH

IDS.txt holds two lines of space-separated token ids: the negative (unconditional) prompt, then the prompt,
77 ids each (genlab's tokenizer is tested on its own). OUT.npy gets the image (1, 3, H, W) in [0, 1].
"""
import argparse
import os
import sys

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import safetensors_np  # noqa: E402
import sd_clip  # noqa: E402
import sd_unet  # noqa: E402
import sd_vae  # noqa: E402

SCALE = 0.18215
T = 1000


def alphas_cumprod():
    betas = torch.linspace(0.00085 ** 0.5, 0.012 ** 0.5, T, dtype=torch.float64) ** 2
    return torch.cumprod(1 - betas, 0)


def leading(steps):
    ratio = T // steps
    return [int(i * ratio) + 1 for i in range(steps)][::-1], ratio


def pndm(denoise, x, steps, ac):
    ts, ratio = leading(steps)
    asc = ts[::-1]
    calls = (asc[:-1] + asc[-2:-1] + asc[-1:])[::-1] if steps > 1 else ts
    ets, current = [], None

    def transfer(sample, t, prev_t, eps):
        a, a_prev = ac[t].item(), (ac[prev_t].item() if prev_t >= 0 else ac[0].item())
        coeff = (a_prev / a) ** 0.5
        denom = a * (1 - a_prev) ** 0.5 + (a * (1 - a) * a_prev) ** 0.5
        return coeff * sample - (a_prev - a) * eps / denom

    for counter, t in enumerate(calls):
        eps = denoise(x, t)
        prev_t = t - ratio
        if counter != 1:
            ets = ets[-3:] + [eps]
        else:
            prev_t, t = t, t + ratio
        if len(ets) == 1 and counter == 0:
            out, current = eps, x
        elif len(ets) == 1 and counter == 1:
            out, x, current = (eps + ets[-1]) / 2, current, None
        elif len(ets) == 2:
            out = (3 * ets[-1] - ets[-2]) / 2
        elif len(ets) == 3:
            out = (23 * ets[-1] - 16 * ets[-2] + 5 * ets[-3]) / 12
        else:
            out = (55 * ets[-1] - 59 * ets[-2] + 37 * ets[-3] - 9 * ets[-4]) / 24
        x = transfer(x, t, prev_t, out)
    return x


def ddim(denoise, x, steps, ac):
    ts, ratio = leading(steps)
    for t in ts:
        eps = denoise(x, t)
        a = ac[t].item()
        a_prev = ac[t - ratio].item() if t - ratio >= 0 else ac[0].item()
        x0 = (x - (1 - a) ** 0.5 * eps) / a ** 0.5
        x = a_prev ** 0.5 * x0 + (1 - a_prev) ** 0.5 * eps
    return x


def euler(denoise, x, steps, ac):
    ts, _ = leading(steps)
    sigmas_all = ((1 - ac) / ac) ** 0.5
    sigmas = [sigmas_all[t].item() for t in ts] + [0.0]
    x = x * (sigmas[0] ** 2 + 1) ** 0.5
    for i, t in enumerate(ts):
        s = sigmas[i]
        eps = denoise(x / (s ** 2 + 1) ** 0.5, t)
        denoised = x - s * eps
        x = x + (x - denoised) / s * (sigmas[i + 1] - s)
    return x


def inpainting_channels(vae, image, mask, f):
    """For a 9-channel (inpainting) UNet: the mask at latent size (nearest) and the masked image's latent."""
    mask = (torch.from_numpy(mask) >= 0.5).float()
    image = torch.from_numpy(image) * 2 - 1
    with torch.no_grad():
        latent = vae.encode_mean(image * (mask < 0.5).float()) * SCALE
    small = torch.nn.functional.interpolate(mask, size=(mask.shape[2] // f, mask.shape[3] // f), mode="nearest")
    return torch.cat([small, latent], dim=1)


def generate(state, ids, seed, steps, cfg, sampler, width, height, init=None, mask=None):
    context = torch.from_numpy(np.concatenate([sd_clip.encode(state, ids[:1]), sd_clip.encode(state, ids[1:])]))
    unet = sd_unet.UNet(state)
    vae = sd_vae.from_state(state)
    f = 2 ** (len(vae.decoder.up) - 1)
    z = vae.z
    x = torch.randn((1, z, height // f, width // f), generator=torch.Generator().manual_seed(seed))

    extra = None
    if unet.w["input_blocks.0.0.weight"].shape[1] == 9:
        if init is None:
            init, mask = np.zeros((1, 3, height, width), np.float32) + 0.5, np.ones((1, 1, height, width), np.float32)
        extra = inpainting_channels(vae, init, mask, f)

    def denoise(sample, t):
        x = torch.cat([sample, sample]).float()
        if extra is not None:
            x = torch.cat([x, torch.cat([extra, extra])], dim=1)
        out = torch.from_numpy(unet(x, np.array([float(t)] * 2), context))
        uncond, cond = out[:1], out[1:]
        return uncond + cfg * (cond - uncond)

    x = {"pndm": pndm, "ddim": ddim, "euler": euler}[sampler](denoise, x.double(), steps, alphas_cumprod())
    with torch.no_grad():
        image = vae.decode(x.float() / SCALE)
    return ((image + 1) / 2).clamp(0, 1).numpy()


if __name__ == "__main__":
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("checkpoint")
    p.add_argument("ids")
    p.add_argument("out")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--steps", type=int, default=2)
    p.add_argument("--cfg", type=float, default=7.5)
    p.add_argument("--sampler", default="pndm")
    p.add_argument("--size", default="64x64")
    p.add_argument("--init", help="IMAGE.npy (1, 3, H, W) in [0, 1], for an inpainting checkpoint")
    p.add_argument("--mask", help="MASK.npy (1, 1, H, W), 1 = repaint")
    a = p.parse_args()
    with open(a.ids) as fh:
        ids = np.array([[int(v) for v in line.split()] for line in fh if line.strip()], dtype=np.int64)
    w, h = (int(v) for v in a.size.split("x"))
    init = np.load(a.init) if a.init else None
    mask = np.load(a.mask) if a.mask else None
    np.save(a.out, generate(safetensors_np.load(a.checkpoint), ids, a.seed, a.steps, a.cfg, a.sampler, w, h, init,
                            mask))
