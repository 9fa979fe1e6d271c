/**
 * The contract every family implements ({@link dev.genlab.model.Generator}, {@link
 * dev.genlab.model.ModelFamily} with its capabilities), the registry of installed models, generation requests
 * and records. One sub-package per family; a family never imports another family: shared pieces move down into
 * nn or here.
 */
package dev.genlab.model;
