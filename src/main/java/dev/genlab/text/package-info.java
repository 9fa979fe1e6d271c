/**
 * The frozen text encoder (ONNX Runtime) and the captions the text-to-image model trains on. Imports only
 * core.
 */
package dev.genlab.text;
