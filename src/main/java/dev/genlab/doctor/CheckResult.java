package dev.genlab.doctor;

/**
 * One line of the self-check's report.
 *
 * @param ok     whether the check passed
 * @param detail what was measured, or what went wrong and what to do
 */
public record CheckResult(String group, String name, boolean ok, String detail) {

    static CheckResult pass(String group, String name, String detail) {
        return new CheckResult(group, name, true, detail);
    }

    static CheckResult fail(String group, String name, String detail) {
        return new CheckResult(group, name, false, detail);
    }
}
