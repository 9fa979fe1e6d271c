/**
 * The safetensors format: a validating reader and a writer. Imports only core.
 */
package dev.genlab.data.safetensors;
