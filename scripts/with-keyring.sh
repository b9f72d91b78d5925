#!/usr/bin/env bash
# Run a command inside a private D-Bus session with an unlocked gnome-keyring.
#
#   scripts/with-keyring.sh COMMAND [ARG...]
#
# The keychain tests (tests/keychain/) talk to a real Secret Service. This
# wrapper gives them one that belongs to this run only: a fresh session bus
# (dbus-run-session) and a gnome-keyring daemon whose login keyring lives in
# a scratch folder, so a developer's own keyring is never touched, unlocked
# or written to. Needs the Debian packages dbus and gnome-keyring.
set -euo pipefail

if [[ -z "${JARVIS_KEYRING_BUS:-}" ]]; then
    for tool in dbus-run-session gnome-keyring-daemon; do
        if ! command -v "$tool" >/dev/null; then
            echo "with-keyring: $tool not found (apt-get install dbus gnome-keyring)" >&2
            exit 127
        fi
    done
    export JARVIS_KEYRING_BUS=1
    exec dbus-run-session -- "$0" "$@"
fi

scratch=$(mktemp -d "${TMPDIR:-/tmp}/jarvis-keyring.XXXXXX")
daemon_pid=""
cleanup() {
    # The daemon usually leaves with the bus, but not always: stop it here.
    if [[ -n $daemon_pid ]]; then kill "$daemon_pid" 2>/dev/null || true; fi
    rm -rf "$scratch"
}
trap cleanup EXIT
mkdir -m 700 "$scratch/runtime" "$scratch/data"

# A private runtime dir keeps the daemon from finding (and unlocking) a
# desktop session's daemon through its control socket.
export XDG_RUNTIME_DIR="$scratch/runtime" XDG_DATA_HOME="$scratch/data"

# --unlock reads the login keyring's password from stdin and creates the
# keyring with it when there is none. The password guards nothing real: the
# keyring is thrown away with the scratch folder.
daemon_env=$(printf '%s' "jarvis-test-run" |
    gnome-keyring-daemon --unlock --components=secrets)
while IFS= read -r line; do
    if [[ $line == *=* ]]; then export "${line?}"; fi
done <<<"$daemon_env"

# The daemon forks away and claims the Secret Service name a moment later.
# Wait for that (so the command never races it) and learn the daemon's pid
# from the bus, to stop it at the end.
service_owner() {
    dbus-send --session --print-reply=literal \
        --dest=org.freedesktop.DBus /org/freedesktop/DBus \
        org.freedesktop.DBus.GetConnectionUnixProcessID \
        string:org.freedesktop.secrets 2>/dev/null | awk '{print $2}'
}
for _ in $(seq 100); do
    daemon_pid=$(service_owner) || true
    if [[ -n $daemon_pid ]]; then break; fi
    sleep 0.1
done
if [[ -z $daemon_pid ]]; then
    echo "with-keyring: gnome-keyring did not claim org.freedesktop.secrets" >&2
fi

"$@"
