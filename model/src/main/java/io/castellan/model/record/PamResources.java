package io.castellan.model.record;

import java.util.List;

/**
 * The value of a PAM configuration's {@code pamResources} field: which gateway ("controller")
 * serves the configuration, its application folder, and the resources it manages.
 *
 * @param controllerUid the gateway UID ({@code ""} when unset)
 * @param folderUid the application folder UID ({@code ""} when unset)
 * @param resourceRefs UIDs of the resource records the configuration covers
 */
public record PamResources(String controllerUid, String folderUid, List<String> resourceRefs) {

    /** Copies the list. */
    public PamResources {
        resourceRefs = List.copyOf(resourceRefs);
    }
}
