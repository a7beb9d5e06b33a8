#!/usr/bin/env bash
# Installs the Castellan Gateway as a systemd service (see docs/gateway.md):
#   - a system user and group 'castellan-gateway' (no login shell, no home directory in use)
#   - /opt/castellan-gateway/castellan-gateway.jar and the launcher /opt/castellan-gateway/bin/castellan-gateway
#   - /etc/castellan-gateway (0700) and /var/log/castellan-gateway (0750), owned by that user
#   - /etc/systemd/system/castellan-gateway.service
#   - with --token: /etc/castellan-gateway/gateway-config.json (0600), made by 'castellan-gateway ott-init' run as
#     that user, and the service enabled and started
# --root DIR stages the files under DIR instead (packaging, tests): no user, ownership, ott-init or systemctl.
set -euo pipefail

usage() {
  cat <<'USAGE'
usage: install.sh --jar FILE [--token TOKEN [--server HOST:PORT] [--fingerprint SHA256]] [--java FILE] [--root DIR]
  --jar FILE            the gateway jar (gateway/target/castellan-gateway.jar)
  --token TOKEN         a one-time token from the vault: the gateway is initialised and the service started
  --server HOST:PORT    the server, when it is not on port 443 of the token's host
  --fingerprint SHA256  pin the server's TLS certificate (as 'castellan server start' prints it)
  --java FILE           the java executable (Java 21 or later; default: the one on PATH)
  --root DIR            stage the files under DIR; create no user and start nothing
USAGE
}

die() { echo "install.sh: $*" >&2; exit 2; }

jar="" token="" server="" fingerprint="" java="" root=""
while [ $# -gt 0 ]; do
  case "$1" in
    --jar) jar=${2:?--jar needs a file}; shift 2 ;;
    --token) token=${2:?--token needs a value}; shift 2 ;;
    --server) server=${2:?--server needs HOST:PORT}; shift 2 ;;
    --fingerprint) fingerprint=${2:?--fingerprint needs a value}; shift 2 ;;
    --java) java=${2:?--java needs a file}; shift 2 ;;
    --root) root=${2:?--root needs a directory}; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; die "unknown option $1" ;;
  esac
done

here=$(cd "$(dirname "$(readlink -f "$0")")" && pwd)
[ -n "$jar" ] || { usage >&2; die "--jar is required"; }
[ -f "$jar" ] || die "the jar $jar does not exist (build it with: mvn -B -pl gateway -am package -DskipTests)"
if [ -z "$root" ] && [ "$(id -u)" != 0 ]; then die "run as root (or stage with --root DIR)"; fi
if [ -n "$root" ] && [ -n "$token" ]; then die "--token cannot be used with --root"; fi
if [ -z "$java" ]; then java=$(command -v java || true); fi
[ -n "$java" ] || die "no java on PATH; install Java 21 or later, or pass --java FILE"

user=castellan-gateway
opt="$root/opt/castellan-gateway"
etc="$root/etc/castellan-gateway"
logs="$root/var/log/castellan-gateway"
unit="$root/etc/systemd/system/castellan-gateway.service"

if [ -z "$root" ] && ! id "$user" >/dev/null 2>&1; then
  groupadd --system "$user" 2>/dev/null || true
  useradd --system --gid "$user" --home-dir /nonexistent --no-create-home --shell /usr/sbin/nologin "$user"
fi

install -d -m 0755 "$opt" "$opt/bin" "$(dirname "$unit")"
install -m 0644 "$jar" "$opt/castellan-gateway.jar"
sed "s|^JAVA=\${JAVA:-java}|JAVA=\${JAVA:-$java}|" "$here/bin/castellan-gateway" > "$opt/bin/castellan-gateway"
chmod 0755 "$opt/bin/castellan-gateway"
install -d -m 0700 "$etc"
install -d -m 0750 "$logs"
install -m 0644 "$here/systemd/castellan-gateway.service" "$unit"

if [ -n "$root" ]; then
  echo "install.sh: staged under $root (no user created, nothing started)"
  exit 0
fi

chown "$user:$user" "$etc" "$logs"
config="$etc/gateway-config.json"
if [ -n "$token" ]; then
  [ ! -e "$config" ] || die "$config already exists; remove it to initialise the gateway again"
  args=(ott-init "$token" --config-file "$config")
  [ -z "$server" ] || args+=(--server "$server")
  [ -z "$fingerprint" ] || args+=(--fingerprint "$fingerprint")
  runuser -u "$user" -- "$opt/bin/castellan-gateway" "${args[@]}"
fi
systemctl daemon-reload
if [ -f "$config" ]; then
  systemctl enable --now castellan-gateway.service
  echo "install.sh: castellan-gateway installed and started (journalctl -u castellan-gateway, $logs/gateway.log)"
else
  systemctl enable castellan-gateway.service
  echo "install.sh: installed; create $config with 'ott-init' (or rerun with --token), then: systemctl start castellan-gateway"
fi
