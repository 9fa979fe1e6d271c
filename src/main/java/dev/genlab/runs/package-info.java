/**
 * The run database: every image generated (by the CLI or the server) and every bench run with its rows, in
 * embedded SQLite ({@code runs/genlab.db}) whose schema Flyway migrates; {@code genlab history} and the
 * server's gallery and dashboard read it. Sits above bench and report (it stores their results) and below
 * the command line and the server, which write to it.
 */
package dev.genlab.runs;
