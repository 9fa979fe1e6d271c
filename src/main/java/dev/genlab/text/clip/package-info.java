/**
 * OpenAI CLIP's text side as Stable Diffusion 1.x uses it: the byte-level BPE tokenizer over the user's copy
 * of CLIP's vocabulary (genlab ships none), and AUTOMATIC1111's prompt-weight syntax. Imports only core.
 */
package dev.genlab.text.clip;
