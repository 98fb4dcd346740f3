package com.example.demo;

import java.io.Console;
import java.lang.reflect.Method;

/**
 * How the demo ends after its summary. A newcomer who runs it on a terminal must get to see the
 * live dashboard, so it stays up until Enter; without a terminal (CI, tests, output piped) nobody
 * could press Enter, so the demo exits; {@code --keep-open} keeps the dashboard up until Ctrl-C
 * even then (a demo left running in the background).
 */
enum Ending {
    /** Exit after the summary. */
    EXIT,
    /** Keep the local dashboard up until Enter (or Ctrl-C). */
    UNTIL_ENTER,
    /** Keep the dashboard up until Ctrl-C. */
    UNTIL_CTRL_C;

    /**
     * @param keepOpen {@code --keep-open} was given
     * @param terminal a person can answer on the console ({@link #hasTerminal()})
     * @param localDashboard the dashboard is the dev server inside this process (not an Oceum named by OCEUM_BASE_URL)
     */
    static Ending choose(boolean keepOpen, boolean terminal, boolean localDashboard) {
        if (terminal && localDashboard) {
            return UNTIL_ENTER;
        }
        return keepOpen ? UNTIL_CTRL_C : EXIT;
    }

    /**
     * Whether standard input and output are a terminal. Up to JDK 21 {@link System#console()} is
     * null otherwise; from JDK 22 it exists even when redirected, and {@code Console.isTerminal()}
     * (called reflectively: this code targets Java 17) tells.
     */
    @SuppressWarnings("SystemConsoleNull") // built for Java 17, where a null console means no terminal
    static boolean hasTerminal() {
        Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            Method isTerminal = Console.class.getMethod("isTerminal");
            return (Boolean) isTerminal.invoke(console);
        } catch (NoSuchMethodException beforeJdk22) {
            return true;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return false;
        }
    }
}
