package io.castellan.gateway.rotation;

/**
 * How one post-rotation script ended.
 *
 * @param name the attachment's file name
 * @param exitCode the process's exit status, or -1 when it timed out or could not start
 * @param timedOut whether it was killed at the time limit
 * @param problem why it could not run (interpreter missing, file not found), else null
 */
record ScriptRun(String name, int exitCode, boolean timedOut, String problem) {

    boolean succeeded() {
        return problem == null && !timedOut && exitCode == 0;
    }

    String describe() {
        if (problem != null) {
            return name + ": " + problem;
        }
        return timedOut ? name + ": timed out" : name + ": exit " + exitCode;
    }
}
