#!/usr/bin/env bash
# Put Jarvis in the desktop's application menu for the current user, or take
# it out again.
#
#   scripts/install-desktop.sh [--exec COMMAND]    install (make install-desktop)
#   scripts/install-desktop.sh --uninstall         remove (make uninstall-desktop)
#
# Files go under ${XDG_DATA_HOME:-~/.local/share}:
#   applications/jarvis.desktop                   the menu entry
#   icons/hicolor/<N>x<N>/apps/jarvis.png         N = 16 22 24 32 48 64 128 256
#   icons/hicolor/scalable/apps/jarvis.svg
#   metainfo/io.github.jarvis_assistant.jarvis.metainfo.xml
# Uninstall removes exactly these files and nothing else.
#
# The installed entry starts COMMAND by its absolute path, so it works
# whether Jarvis came from `pip install`, `make run` (.venv) or the one-folder
# build. Without --exec: `jarvis` on PATH, else .venv/bin/jarvis, else
# dist/jarvis/jarvis. The menu and icon caches are refreshed when
# update-desktop-database and gtk-update-icon-cache are installed.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
data=${XDG_DATA_HOME:-$HOME/.local/share}
metainfo_name=io.github.jarvis_assistant.jarvis.metainfo.xml
sizes=(16 22 24 32 48 64 128 256)

usage() { sed -n '2,19s/^# \{0,1\}//p' "$0"; }

installed_files() {
    echo "$data/applications/jarvis.desktop"
    for size in "${sizes[@]}"; do
        echo "$data/icons/hicolor/${size}x${size}/apps/jarvis.png"
    done
    echo "$data/icons/hicolor/scalable/apps/jarvis.svg"
    echo "$data/metainfo/$metainfo_name"
}

find_command() {
    local found
    if found=$(command -v jarvis); then echo "$found"; return; fi
    for candidate in "$root/.venv/bin/jarvis" "$root/dist/jarvis/jarvis"; do
        if [[ -x $candidate ]]; then echo "$candidate"; return; fi
    done
    echo "install-desktop: no jarvis command found; pip install it, run" \
        "'make run' once, build it with 'make app', or pass --exec" >&2
    return 1
}

# The command as an absolute path that an Exec= line can hold: quoted when it
# has spaces; characters the desktop spec would need escaped are refused.
exec_value() {
    local command=$1
    if [[ $command != /* ]]; then
        command="$(cd "$(dirname "$command")" && pwd)/$(basename "$command")"
    fi
    if [[ ! -x $command || -d $command ]]; then
        echo "install-desktop: $command is not an executable file" >&2
        return 1
    fi
    if [[ ! $command =~ ^[A-Za-z0-9_./+@:,\ -]+$ ]]; then
        echo "install-desktop: $command holds characters a desktop entry" \
            "cannot start safely; install Jarvis in a plainer path" >&2
        return 1
    fi
    echo "$command"
}

refresh_caches() {
    if command -v update-desktop-database >/dev/null; then
        update-desktop-database -q "$data/applications" || true
    fi
    touch "$data/icons/hicolor" 2>/dev/null || true
    if command -v gtk-update-icon-cache >/dev/null && [[ -d $data/icons/hicolor ]]; then
        gtk-update-icon-cache -q -t -f "$data/icons/hicolor" || true
    fi
}

install_all() {
    local command=$1 quoted
    quoted=$command
    if [[ $command == *" "* ]]; then quoted="\"$command\""; fi

    mkdir -p "$data/applications"
    sed -e "s|^TryExec=jarvis\$|TryExec=$command|" \
        -e "s|^Exec=jarvis |Exec=$quoted |" \
        "$root/packaging/jarvis.desktop" >"$data/applications/jarvis.desktop.new"
    chmod 644 "$data/applications/jarvis.desktop.new"
    mv "$data/applications/jarvis.desktop.new" "$data/applications/jarvis.desktop"

    for size in "${sizes[@]}"; do
        local theme_dir="${size}x${size}/apps"
        install -Dm644 "$root/resources/icons/hicolor/$theme_dir/jarvis.png" \
            "$data/icons/hicolor/$theme_dir/jarvis.png"
    done
    install -Dm644 "$root/resources/icons/jarvis.svg" \
        "$data/icons/hicolor/scalable/apps/jarvis.svg"
    install -Dm644 "$root/packaging/$metainfo_name" "$data/metainfo/$metainfo_name"

    refresh_caches
    echo "install-desktop: Jarvis is in the menu (starts $command); files under $data"
}

uninstall_all() {
    local path
    while read -r path; do rm -f -- "$path"; done < <(installed_files)
    if [[ -d $data/applications ]]; then refresh_caches; fi
    echo "install-desktop: removed the menu entry, icons and metainfo from $data"
}

command=""
mode=install
while (($#)); do
    case $1 in
    --exec) command=${2:?--exec needs a command}; shift 2 ;;
    --uninstall) mode=uninstall; shift ;;
    --list) mode=list; shift ;;
    -h | --help) usage; exit 0 ;;
    *) echo "install-desktop: unknown argument $1" >&2; usage >&2; exit 2 ;;
    esac
done

case $mode in
list) installed_files ;;
uninstall) uninstall_all ;;
install)
    if [[ -z $command ]]; then command=$(find_command); fi
    command=$(exec_value "$command")
    install_all "$command"
    ;;
esac
