package io.castellan.rotators.ldap;

import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.util.ssl.SSLUtil;
import com.unboundid.util.ssl.TrustAllTrustManager;
import io.castellan.rotators.RotationTarget;
import io.castellan.rotators.Rotator;
import io.castellan.rotators.RotatorContractTest;
import io.castellan.rotators.testing.TestTargets;

/** The contract against the test slapd, in one TLS mode per subclass. */
abstract class LdapRotatorContract extends RotatorContractTest {

    private final LdapRotator rotator = new LdapRotator();

    protected abstract String tlsMode();

    @Override
    protected Rotator rotator() {
        return rotator;
    }

    @Override
    protected RotationTarget adminTarget() {
        return TestTargets.ldap(tlsMode());
    }

    @Override
    protected String username(String name) {
        return "uid=" + name + "," + TestTargets.LDAP_BASE;
    }

    /** Setup only: an admin connection over LDAPS (the tests' own fixture, not the code under test). */
    static LDAPConnection admin() throws Exception {
        LDAPConnection c = new LDAPConnection(new SSLUtil(new TrustAllTrustManager()).createSSLSocketFactory(), "127.0.0.1", 6636);
        c.bind(TestTargets.LDAP_ADMIN, TestTargets.ldapAdminPassword());
        return c;
    }

    @Override
    protected void createAccount(String name, char[] password) throws Exception {
        try (LDAPConnection c = admin()) {
            c.add(username(name), new Attribute("objectClass", "inetOrgPerson"), new Attribute("uid", name),
                    new Attribute("cn", name), new Attribute("sn", name), new Attribute("userPassword", new String(password)));
        }
    }

    @Override
    protected void removeAccount(String name) throws Exception {
        try (LDAPConnection c = admin()) {
            c.delete(username(name));
        } catch (LDAPException e) {
            if (e.getResultCode() != ResultCode.NO_SUCH_OBJECT) {
                throw e;
            }
        }
    }
}
