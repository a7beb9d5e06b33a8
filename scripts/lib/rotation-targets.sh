# The rotators' real targets, started by scripts/test-env. Sourced, never executed. Every function is idempotent:
# it sets up what is missing once (keys, certificates, clusters under $CASTELLAN_TEST_ENV_DIR) and starts only what
# is not running. The tests find everything through the same directory (io.castellan.rotators.testing.TestTargets).
#   5433  PostgreSQL cluster whose pg_hba demands scram-sha-256 from every TCP client (superuser password in
#         pg/superuser.password); the machine's own cluster on 5432 trusts 127.0.0.1, which proves nothing.
#   2222  OpenSSH (sshd -f ssh/sshd_config, host keys in ssh/), password and public-key logins, PAM.
#   3389  slapd, plain LDAP for StartTLS; 6636 LDAPS (also on 127.0.0.2:6636, an address the certificate does not
#         name, for the host-name check). Suffix dc=castellan,dc=test, ou=people; rootdn
#         cn=admin,dc=castellan,dc=test (password in ldap/admin.password); TLS by a test CA (ldap/ca.pem).
# Tests create and remove their own Linux accounts, database roles and LDAP entries.

TEST_ENV_DIR=${CASTELLAN_TEST_ENV_DIR:-/var/tmp/castellan-test-env}

random_secret() { openssl rand -hex 24; }

wait_for_port() { # wait_for_port PORT WHAT
  for _ in $(seq 1 40); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; then return 0; fi
    sleep 0.5
  done
  echo "test-env: $2 does not answer on 127.0.0.1:$1" >&2
  exit 1
}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

start_mariadb() {
  if mysqladmin -h 127.0.0.1 -P 3306 -u root --connect-timeout=2 ping >/dev/null 2>&1; then
    echo "test-env: MariaDB ready on 127.0.0.1:3306" >&2; return 0
  fi
  echo "test-env: starting MariaDB" >&2
  mkdir -p /run/mysqld && chown mysql:mysql /run/mysqld
  (setsid /usr/sbin/mariadbd --user=mysql --bind-address=127.0.0.1 --port=3306 >/dev/null 2>&1 &)
  wait_for_port 3306 MariaDB
  for _ in $(seq 1 30); do
    mysqladmin -h 127.0.0.1 -P 3306 -u root ping >/dev/null 2>&1 && break; sleep 0.5
  done
  # The rotator tests connect as root over TCP; a fresh install only lets root in over the socket.
  if ! mysql -h 127.0.0.1 -P 3306 -u root -e 'select 1' >/dev/null 2>&1; then
    mysql -u root -e "CREATE USER IF NOT EXISTS 'root'@'127.0.0.1' IDENTIFIED VIA mysql_native_password USING '';
      GRANT ALL PRIVILEGES ON *.* TO 'root'@'127.0.0.1' WITH GRANT OPTION;"
  fi
  echo "test-env: MariaDB ready on 127.0.0.1:3306" >&2
}

start_scram_postgres() {
  local dir=$TEST_ENV_DIR/pg bin
  bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
  if [ ! -f "$dir/data/PG_VERSION" ]; then
    echo "test-env: creating the scram-sha-256 PostgreSQL cluster in $dir" >&2
    mkdir -p "$dir" && chmod 755 "$TEST_ENV_DIR" "$dir"
    random_secret > "$dir/superuser.password"
    chown -R postgres:postgres "$dir"; chmod 644 "$dir/superuser.password"
    runuser -u postgres -- "$bin/initdb" -D "$dir/data" -U postgres --pwfile="$dir/superuser.password" \
      --auth-host=scram-sha-256 --auth-local=scram-sha-256 -E UTF8 >/dev/null
    cat > "$dir/data/pg_hba.conf" <<HBA
# Castellan rotator tests: every TCP login must prove its password.
host all all 127.0.0.1/32 scram-sha-256
host all all ::1/128 scram-sha-256
HBA
    {
      echo "listen_addresses = '127.0.0.1'"; echo "port = 5433"
      echo "unix_socket_directories = '$dir'"; echo "password_encryption = 'scram-sha-256'"
      echo "max_connections = 40"; echo "shared_buffers = 16MB"
    } >> "$dir/data/postgresql.conf"
  fi
  if ! port_open 5433; then
    echo "test-env: starting the scram-sha-256 PostgreSQL cluster on 5433" >&2
    runuser -u postgres -- "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w start >/dev/null
  fi
  wait_for_port 5433 "PostgreSQL (scram-sha-256 cluster)"
  echo "test-env: PostgreSQL (scram-sha-256) ready on 127.0.0.1:5433" >&2
}

start_test_sshd() {
  local dir=$TEST_ENV_DIR/ssh
  mkdir -p "$dir" /run/sshd && chmod 755 "$TEST_ENV_DIR"
  for type in ed25519 ecdsa rsa; do
    [ -f "$dir/ssh_host_${type}_key" ] || ssh-keygen -q -t "$type" -N '' -f "$dir/ssh_host_${type}_key"
  done
  cat > "$dir/sshd_config" <<CONF
Port 2222
ListenAddress 127.0.0.1
HostKey $dir/ssh_host_ed25519_key
HostKey $dir/ssh_host_ecdsa_key
HostKey $dir/ssh_host_rsa_key
PidFile $dir/sshd.pid
UsePAM yes
PasswordAuthentication yes
KbdInteractiveAuthentication no
PubkeyAuthentication yes
PermitRootLogin no
StrictModes yes
MaxStartups 30:50:60
MaxAuthTries 6
Subsystem sftp internal-sftp
CONF
  if [ -f "$dir/sshd.pid" ] && kill -0 "$(cat "$dir/sshd.pid")" 2>/dev/null && port_open 2222; then
    echo "test-env: OpenSSH ready on 127.0.0.1:2222" >&2; return 0
  fi
  /usr/sbin/sshd -t -f "$dir/sshd_config"
  echo "test-env: starting OpenSSH on 127.0.0.1:2222" >&2
  /usr/sbin/sshd -f "$dir/sshd_config" -E "$dir/sshd.log"
  wait_for_port 2222 OpenSSH
  echo "test-env: OpenSSH ready on 127.0.0.1:2222" >&2
}

make_ldap_tls() { # a test CA and a server certificate for 127.0.0.1 / localhost
  local dir=$1
  [ -f "$dir/server.pem" ] && return 0
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 3650 -subj "/CN=Castellan test CA" \
    -keyout "$dir/ca.key" -out "$dir/ca.pem" -addext "basicConstraints=critical,CA:TRUE" \
    -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
  openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj "/CN=localhost" \
    -keyout "$dir/server.key" -out "$dir/server.csr" 2>/dev/null
  printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n' > "$dir/server.ext"
  openssl x509 -req -in "$dir/server.csr" -CA "$dir/ca.pem" -CAkey "$dir/ca.key" -CAcreateserial -days 3650 \
    -extfile "$dir/server.ext" -out "$dir/server.pem" 2>/dev/null
  chmod 644 "$dir/ca.pem" "$dir/server.pem"; chmod 640 "$dir/server.key"
}

start_test_slapd() {
  local dir=$TEST_ENV_DIR/ldap hash modules
  mkdir -p "$dir" && chmod 755 "$TEST_ENV_DIR" "$dir"
  make_ldap_tls "$dir"
  if [ ! -d "$dir/slapd.d/cn=config" ]; then
    echo "test-env: creating the test directory dc=castellan,dc=test in $dir" >&2
    [ -f "$dir/admin.password" ] || random_secret > "$dir/admin.password"
    chmod 644 "$dir/admin.password"
    hash=$(slappasswd -s "$(cat "$dir/admin.password")")
    modules=/usr/lib/ldap
    mkdir -p "$dir/slapd.d" "$dir/db"
    cat > "$dir/config.ldif" <<LDIF
dn: cn=config
objectClass: olcGlobal
cn: config
olcPidFile: $dir/slapd.pid
olcTLSCACertificateFile: $dir/ca.pem
olcTLSCertificateFile: $dir/server.pem
olcTLSCertificateKeyFile: $dir/server.key

dn: cn=module{0},cn=config
objectClass: olcModuleList
cn: module{0}
olcModulePath: $modules
olcModuleLoad: back_mdb

dn: cn=schema,cn=config
objectClass: olcSchemaConfig
cn: schema

include: file:///etc/ldap/schema/core.ldif
include: file:///etc/ldap/schema/cosine.ldif
include: file:///etc/ldap/schema/nis.ldif
include: file:///etc/ldap/schema/inetorgperson.ldif

dn: olcDatabase={-1}frontend,cn=config
objectClass: olcDatabaseConfig
objectClass: olcFrontendConfig
olcDatabase: {-1}frontend
olcPasswordHash: {SSHA}

dn: olcDatabase={0}config,cn=config
objectClass: olcDatabaseConfig
olcDatabase: {0}config
olcAccess: {0}to * by dn.exact=gidNumber=0+uidNumber=0,cn=peercred,cn=external,cn=auth manage by * none

dn: olcDatabase={1}mdb,cn=config
objectClass: olcDatabaseConfig
objectClass: olcMdbConfig
olcDatabase: {1}mdb
olcSuffix: dc=castellan,dc=test
olcRootDN: cn=admin,dc=castellan,dc=test
olcRootPW: $hash
olcDbDirectory: $dir/db
olcDbMaxSize: 104857600
olcDbIndex: objectClass eq
olcDbIndex: uid eq
olcAccess: {0}to attrs=userPassword by self write by anonymous auth by * none
olcAccess: {1}to * by self read by users read by * none
LDIF
    slapadd -n 0 -F "$dir/slapd.d" -l "$dir/config.ldif" >/dev/null
    cat > "$dir/base.ldif" <<LDIF
dn: dc=castellan,dc=test
objectClass: dcObject
objectClass: organization
o: Castellan test
dc: castellan

dn: ou=people,dc=castellan,dc=test
objectClass: organizationalUnit
ou: people
LDIF
    slapadd -n 1 -F "$dir/slapd.d" -l "$dir/base.ldif" >/dev/null 2>&1
  fi
  if [ -f "$dir/slapd.pid" ] && kill -0 "$(cat "$dir/slapd.pid")" 2>/dev/null && port_open 3389 && port_open 6636 \
      && (exec 3<>/dev/tcp/127.0.0.2/6636) 2>/dev/null; then
    echo "test-env: slapd ready on 127.0.0.1:3389 (StartTLS) and 6636 (LDAPS)" >&2; return 0
  fi
  echo "test-env: starting slapd on 127.0.0.1:3389 and 6636" >&2
  if [ -f "$dir/slapd.pid" ] && kill -0 "$(cat "$dir/slapd.pid")" 2>/dev/null; then
    kill "$(cat "$dir/slapd.pid")"; sleep 1
  fi
  slapd -F "$dir/slapd.d" -h "ldap://127.0.0.1:3389/ ldaps://127.0.0.1:6636/ ldaps://127.0.0.2:6636/"
  wait_for_port 3389 slapd
  wait_for_port 6636 "slapd (LDAPS)"
  echo "test-env: slapd ready on 127.0.0.1:3389 (StartTLS) and 6636 (LDAPS)" >&2
}
