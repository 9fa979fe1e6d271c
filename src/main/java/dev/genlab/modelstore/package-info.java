/**
 * A model folder on disk: config.json (the manifest), weights, model card, image shape. Below the families and
 * the training code, which both read and write folders; imports only core.
 */
package dev.genlab.modelstore;
