/**
 * Checkpoint files that users bring: safetensors, PyTorch's zip checkpoints ({@code .ckpt}, {@code .pt})
 * read through an unpickler that executes nothing, and diffusers folders. Tensors are located, not loaded:
 * each is read when a network asks for it, so a checkpoint of several gigabytes never sits on the heap.
 * Knows no model: it imports only core and the safetensors format.
 */
package dev.genlab.checkpoint;
