/**
 * The command-line options that every family's {@code genlab train} subcommand shares (picocli mixins), and
 * the line the commands end with. The subcommands themselves live in their family's package; this package
 * sits below the families and imports only the training machinery and the noise schedules.
 */
package dev.genlab.train.options;
