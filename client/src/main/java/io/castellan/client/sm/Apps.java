package io.castellan.client.sm;

import io.castellan.model.error.CastellanException;
import io.castellan.model.error.ErrorCode;
import java.util.Comparator;
import java.util.List;

/**
 * The applications the user can see ({@code app_list}), decrypted. Application names live in the encrypted data, so
 * a name is resolved here, on the client. Entries that did not decrypt are left out and described in
 * {@link #problems()}. Closing wipes every application key.
 */
public final class Apps implements AutoCloseable {

    private final List<SecretsManagerApp> apps;
    private final List<String> problems;

    /** Takes over the applications (closed with this). */
    public Apps(List<SecretsManagerApp> apps, List<String> problems) {
        this.apps = apps.stream().sorted(Comparator.comparing(SecretsManagerApp::title)
                .thenComparing(SecretsManagerApp::uid)).toList();
        this.problems = List.copyOf(problems);
    }

    /** @return the applications, by name */
    public List<SecretsManagerApp> all() {
        return apps;
    }

    /** @return safe descriptions of applications skipped because they did not decrypt */
    public List<String> problems() {
        return problems;
    }

    /** @return the applications with exactly this name */
    public List<SecretsManagerApp> named(String title) {
        return apps.stream().filter(a -> a.title().equals(title)).toList();
    }

    /**
     * Resolves an application given as a UID or a name (a UID wins).
     *
     * @param uidOrName the application's UID or name
     * @return the application (still owned by this collection)
     * @throws CastellanException {@link ErrorCode#NOT_FOUND} when there is none, {@link ErrorCode#BAD_REQUEST}
     *     when several applications have that name (the message lists their UIDs)
     */
    public SecretsManagerApp resolve(String uidOrName) {
        String wanted = uidOrName == null ? "" : uidOrName;
        for (SecretsManagerApp app : apps) {
            if (app.uid().equals(wanted)) {
                return app;
            }
        }
        List<SecretsManagerApp> matches = named(wanted);
        if (matches.size() == 1) {
            return matches.get(0);
        }
        if (matches.size() > 1) {
            throw new CastellanException(ErrorCode.BAD_REQUEST, matches.size() + " applications are named "
                    + wanted + " (" + String.join(", ", matches.stream().map(SecretsManagerApp::uid).toList())
                    + "); use the UID");
        }
        throw new CastellanException(ErrorCode.NOT_FOUND, "no application " + wanted
                + " (give an application UID or name; 'secrets-manager app list' shows them)");
    }

    @Override
    public void close() {
        apps.forEach(SecretsManagerApp::close);
    }
}
