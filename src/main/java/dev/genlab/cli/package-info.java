/**
 * picocli commands: thin clients of the packages below. Nothing imports cli.
 */
package dev.genlab.cli;
