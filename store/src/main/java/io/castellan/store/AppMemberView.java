package io.castellan.store;

/** An application member with the member's e-mail, for listings. */
public record AppMemberView(AppMember member, String email) {
}
