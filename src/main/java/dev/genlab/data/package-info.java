/**
 * Datasets (IDX, image folders, the synthetic bars the self-check and the tests train on) and image files.
 * Knows no network: imports only core and its own sub-packages.
 */
package dev.genlab.data;
