#!/usr/bin/env bash
# Screenshot a real window: Xvfb + openbox, run a command, wait for its
# window, optionally type into it, capture the screen, shut everything down.
#
#   scripts/screenshot.sh [options] [-- COMMAND [ARG...]]
#
#   -o FILE     PNG to write (default: screenshot.png)
#   -t TEXT     type TEXT into the focused window once it is up
#   -k KEYS     then press KEYS (xdotool syntax, e.g. ctrl+Return; repeatable)
#   -w SECONDS  wait after the window appears and after typing (default: 2)
#   -T SECONDS  give up if no window appears by then (default: 60)
#   -s WxH      screen size (default: 1280x800)
#   -W          capture only the command's window, not the whole screen
#
# COMMAND defaults to `.venv/bin/jarvis gui --demo`. The window is the first
# visible one whose _NET_WM_PID is the command's process (or a child of it).
#
# Installs nothing. Needs the Debian packages xvfb, openbox, xdotool and
# imagemagick (for `import`); tesseract-ocr is handy to read text back from
# the PNG. CI does not need any of them.
set -euo pipefail

out=screenshot.png
text=""
keys=()
settle=2
patience=60
size=1280x800
only_window=0

while getopts "o:t:k:w:T:s:Wh" opt; do
    case $opt in
    o) out=$OPTARG ;;
    t) text=$OPTARG ;;
    k) keys+=("$OPTARG") ;;
    w) settle=$OPTARG ;;
    T) patience=$OPTARG ;;
    s) size=$OPTARG ;;
    W) only_window=1 ;;
    h) sed -n '2,20s/^# \{0,1\}//p' "$0"; exit 0 ;;
    *) exit 2 ;;
    esac
done
shift $((OPTIND - 1))
if [[ ${1:-} == "--" ]]; then shift; fi
if (($# == 0)); then set -- .venv/bin/jarvis gui --demo; fi

for tool in Xvfb openbox xdotool import; do
    if ! command -v "$tool" >/dev/null; then
        echo "screenshot: $tool not found (apt-get install xvfb openbox xdotool imagemagick)" >&2
        exit 127
    fi
done

scratch=$(mktemp -d "${TMPDIR:-/tmp}/jarvis-shot.XXXXXX")
pids=()
cleanup() {
    # Newest first: the app, then the window manager, then the X server.
    for ((i = ${#pids[@]} - 1; i >= 0; i--)); do
        kill "${pids[i]}" 2>/dev/null || true
        wait "${pids[i]}" 2>/dev/null || true
    done
    rm -rf "$scratch"
}
trap cleanup EXIT

# -displayfd lets the server pick a free display number and report it.
Xvfb -displayfd 3 -screen 0 "${size}x24" -nolisten tcp 3>"$scratch/display" \
    2>"$scratch/xvfb.log" &
pids+=($!)
for _ in $(seq 100); do
    [[ -s $scratch/display ]] && break
    sleep 0.1
done
if [[ ! -s $scratch/display ]]; then
    echo "screenshot: Xvfb did not start:" >&2
    cat "$scratch/xvfb.log" >&2
    exit 1
fi
export DISPLAY=":$(head -n1 "$scratch/display")"

openbox >"$scratch/openbox.log" 2>&1 &
pids+=($!)

# The app must draw on this X server, whatever the caller's Qt settings.
QT_QPA_PLATFORM=xcb "$@" >"$scratch/app.log" 2>&1 &
app=$!
pids+=("$app")

window=""
deadline=$((SECONDS + patience))
while [[ -z $window ]] && ((SECONDS < deadline)); do
    if ! kill -0 "$app" 2>/dev/null; then
        echo "screenshot: the command exited before showing a window:" >&2
        tail -n 40 "$scratch/app.log" >&2
        exit 1
    fi
    for pid in "$app" $(pgrep -P "$app" || true); do
        window=$(xdotool search --onlyvisible --pid "$pid" 2>/dev/null | head -n1 || true)
        [[ -n $window ]] && break
    done
    [[ -z $window ]] && sleep 0.2
done
if [[ -z $window ]]; then
    echo "screenshot: no window after ${patience} s" >&2
    tail -n 40 "$scratch/app.log" >&2
    exit 1
fi

xdotool windowactivate --sync "$window" 2>/dev/null || xdotool windowfocus "$window"
sleep "$settle"

if [[ -n $text || ${#keys[@]} -gt 0 ]]; then
    [[ -n $text ]] && xdotool type --delay 25 -- "$text"
    for key in "${keys[@]}"; do xdotool key -- "$key"; done
    sleep "$settle"
fi

mkdir -p "$(dirname "$out")"
if ((only_window)); then
    import -window "$window" "$out"
else
    import -window root "$out"
fi
echo "screenshot: wrote $out (display $DISPLAY, window $window)"
