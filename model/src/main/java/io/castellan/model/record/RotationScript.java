package io.castellan.model.record;

import java.util.List;

/**
 * One value of a {@code script} field ({@code rotationScripts}): a post-rotation script attached
 * to the record as a file, the command that runs it, and records whose credentials it receives.
 *
 * @param fileRef UID of the attached script file ({@code ""} when unset)
 * @param command the command line ({@code ""} when unset)
 * @param recordRefs UIDs of records passed to the script
 */
public record RotationScript(String fileRef, String command, List<String> recordRefs) {

    /** Copies the list. */
    public RotationScript {
        recordRefs = List.copyOf(recordRefs);
    }
}
