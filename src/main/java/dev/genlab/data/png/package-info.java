/**
 * PNG reading and writing with text chunks: A1111's parameters, genlab's JSON record, contact sheets. Imports
 * only core and data.
 */
package dev.genlab.data.png;
