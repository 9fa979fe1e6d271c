/** NVIDIA's StyleGAN2-ADA networks (network pickles and their safetensors conversions), run on genlab's engine. */
package dev.genlab.model.stylegan2ada;
