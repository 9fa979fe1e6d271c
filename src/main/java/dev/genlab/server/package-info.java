/**
 * {@code genlab serve}: an HTTP server (Javalin on Jetty) that existing Stable Diffusion clients can drive
 * through AUTOMATIC1111's API, with genlab's own JSON API beside it. Requests become jobs in a bounded queue run
 * one at a time by one worker that keeps one model loaded; every image is written under the outputs folder and
 * recorded in the run database. Sits at the top beside the command line: it names no family (the catalogue
 * does) and nothing imports it but the {@code serve} command.
 */
package dev.genlab.server;
