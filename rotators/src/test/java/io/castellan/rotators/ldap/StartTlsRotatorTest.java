package io.castellan.rotators.ldap;

/** LDAP over plain 3389 upgraded with StartTLS before any bind. */
class StartTlsRotatorTest extends LdapRotatorContract {

    @Override
    protected String tlsMode() {
        return "starttls";
    }
}
