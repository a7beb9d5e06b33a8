#!/usr/bin/env bash
# Installs the Castellan server as a systemd service (see docs/operations.md):
#   - a system user and group 'castellan' (no login shell, no home directory in use)
#   - /opt/castellan/castellan.jar (the CLI jar, which runs 'server start') and the launcher /opt/castellan/bin/castellan
#   - /var/lib/castellan (0700, owned by that user): the data directory
#   - /etc/systemd/system/castellan-server.service, enabled; started unless --no-start
# The first administrator is created offline, before the first start:
#   runuser -u castellan -- /opt/castellan/bin/castellan server init-admin --data-dir /var/lib/castellan --email ...
# --root DIR stages the files under DIR instead (packaging, tests): no user, ownership or systemctl.
set -euo pipefail

usage() {
  cat <<'USAGE'
usage: install-server.sh --jar FILE [--java FILE] [--no-start] [--root DIR]
  --jar FILE    the CLI jar (cli/target/castellan.jar: mvn -B -pl cli -am package -DskipTests)
  --java FILE   the java executable (Java 21 or later; default: the one on PATH)
  --no-start    enable the service but do not start it (create the administrator first)
  --root DIR    stage the files under DIR; create no user and start nothing
USAGE
}

die() { echo "install-server.sh: $*" >&2; exit 2; }

jar="" java="" root="" start=yes
while [ $# -gt 0 ]; do
  case "$1" in
    --jar) jar=${2:?--jar needs a file}; shift 2 ;;
    --java) java=${2:?--java needs a file}; shift 2 ;;
    --root) root=${2:?--root needs a directory}; shift 2 ;;
    --no-start) start=no; shift ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; die "unknown option $1" ;;
  esac
done

here=$(cd "$(dirname "$(readlink -f "$0")")" && pwd)
[ -n "$jar" ] || { usage >&2; die "--jar is required"; }
[ -f "$jar" ] || die "the jar $jar does not exist (build it with: mvn -B -pl cli -am package -DskipTests)"
if [ -z "$root" ] && [ "$(id -u)" != 0 ]; then die "run as root (or stage with --root DIR)"; fi
if [ -z "$java" ]; then java=$(command -v java || true); fi
[ -n "$java" ] || die "no java on PATH; install Java 21 or later, or pass --java FILE"

user=castellan
opt="$root/opt/castellan"
data="$root/var/lib/castellan"
unit="$root/etc/systemd/system/castellan-server.service"

if [ -z "$root" ] && ! id "$user" >/dev/null 2>&1; then
  groupadd --system "$user" 2>/dev/null || true
  useradd --system --gid "$user" --home-dir /nonexistent --no-create-home --shell /usr/sbin/nologin "$user"
fi

install -d -m 0755 "$opt" "$opt/bin" "$(dirname "$unit")"
install -m 0644 "$jar" "$opt/castellan.jar"
sed "s|^JAVA=\${JAVA:-java}|JAVA=\${JAVA:-$java}|" "$here/bin/castellan" > "$opt/bin/castellan"
chmod 0755 "$opt/bin/castellan"
install -d -m 0700 "$data"
install -m 0644 "$here/systemd/castellan-server.service" "$unit"

if [ -n "$root" ]; then
  echo "install-server.sh: staged under $root (no user created, nothing started)"
  exit 0
fi

chown "$user:$user" "$data"
systemctl daemon-reload
systemctl enable castellan-server.service
if [ "$start" = yes ]; then
  systemctl start castellan-server.service
  echo "install-server.sh: castellan-server installed and started (journalctl -u castellan-server)"
else
  echo "install-server.sh: installed; create the administrator (runuser -u $user -- $opt/bin/castellan server"
  echo "  init-admin --data-dir /var/lib/castellan --email EMAIL), then: systemctl start castellan-server"
fi
