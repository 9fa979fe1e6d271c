/**
 * results.json, CSV, Markdown and HTML reports of a bench run, and their charts. Reads bench results; names no
 * family.
 */
package dev.genlab.report;
