/**
 * The single list of families: the one line to add for a new one.
 */
package dev.genlab.catalog;
