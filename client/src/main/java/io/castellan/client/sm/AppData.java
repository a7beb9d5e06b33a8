package io.castellan.client.sm;

/**
 * The decrypted {@code data} of an application: {@code {"title": …, "type": "app"}}.
 *
 * @param title the application's name
 * @param type {@code app}
 */
public record AppData(String title, String type) {
}
