#!/bin/sh
# SPDX-License-Identifier: MIT
# CTest "modules": the module graph of src/modules.txt holds in the code.
#  - every folder of src/ is a module of the graph, and the graph has no
#    cycle;
#  - a file of a module (src/<m>/*, include/vk/<m>.h) includes the public
#    header of no module outside the closure of what <m> may use;
#  - no file of src/ keeps mutable state at file scope beyond the
#    documented process-wide ones listed below.
#   tests/modules.sh SOURCE_DIR
set -u
root=${1:?usage: tests/modules.sh SOURCE_DIR}
graph=$root/src/modules.txt
fail=0

# The module that owns a public header.
owner() {
    case $1 in
    palette) echo style ;;
    vk) echo cli ;;
    *) echo "$1" ;;
    esac
}

deps() { # the modules m may use directly
    awk -v m="$1" -F: '$1 == m { print $2 }' "$graph"
}

modules=$(awk -F: '/^[a-z]+:/ { print $1 }' "$graph")

# The closure of what m may use, by a walk over the graph.
closure() {
    seen=" "
    todo=$(deps "$1")
    while [ -n "$(echo $todo)" ]; do
        next=""
        for d in $todo; do
            case "$seen" in *" $d "*) continue ;; esac
            seen="$seen$d "
            next="$next $(deps "$d")"
        done
        todo=$next
    done
    echo "$seen"
}

for d in "$root"/src/*/; do
    m=$(basename "$d")
    if ! echo "$modules" | grep -qx "$m"; then
        echo "modules: src/$m is not in src/modules.txt" >&2
        fail=1
    fi
done

for m in $modules; do
    allowed=$(closure "$m")
    case "$allowed" in *" $m "*)
        echo "modules: $m depends on itself (a cycle in src/modules.txt)" >&2
        fail=1 ;;
    esac
    for d in $(deps "$m"); do
        if ! echo "$modules" | grep -qx "$d"; then
            echo "modules: $m uses $d, which is no module" >&2
            fail=1
        fi
    done
    files=$(ls "$root"/src/"$m"/*.[ch] 2>/dev/null)
    for h in "$root"/include/vk/*.h; do
        [ "$(owner "$(basename "$h" .h)")" = "$m" ] && files="$files $h"
    done
    for f in $files; do
        for inc in $(sed -n 's/^#include "vk\/\([a-z]*\)\.h".*/\1/p' "$f"); do
            o=$(owner "$inc")
            [ "$o" = "$m" ] && continue
            case "$allowed" in *" $o "*) continue ;; esac
            echo "modules: ${f#$root/} (module $m) includes vk/$inc.h of" \
                 "module $o, which src/modules.txt does not let $m use" >&2
            fail=1
        done
    done
done

# Mutable state at file scope: a static or global variable that is not
# const. Allowed, each documented where it is defined:
#   writers/atomic.c  mode_once, file_mode: the umask, read once per process
#   cli/cmd_atlas.c   stop_signal: set by the signal handler
allow='^src/writers/atomic\.c:.*\b(mode_once|file_mode)\b|^src/cli/cmd_atlas\.c:.*\bstop_signal\b'
found=$(cd "$root" && grep -nE '^(static )?[A-Za-z_][A-Za-z0-9_ ]*[ *]+[A-Za-z_][A-Za-z0-9_]*(\[[^]]*\])*( = [^;(]*;| = \{$|;)' \
        src/*/*.c src/*/*.h | grep -vE ':[0-9]+:(typedef|extern|return|struct [a-z_]+;|enum)' |
        grep -vE ':[0-9]+:(static )?(const |.*\bconst [A-Za-z_][A-Za-z0-9_]*\[|.*\*const )' |
        grep -vE "$allow")
if [ -n "$found" ]; then
    echo "modules: mutable state at file scope (make it const, or own it by an object the caller creates):" >&2
    echo "$found" >&2
    fail=1
fi
# The same inside functions: static locals that are not const.
found=$(cd "$root" && grep -nE '^[[:space:]]+static [^(]*;' src/*/*.c |
        grep -vE 'static const|static inline' | grep -vE "$allow")
if [ -n "$found" ]; then
    echo "modules: mutable static locals:" >&2
    echo "$found" >&2
    fail=1
fi
[ $fail -eq 0 ] && echo "modules: $(echo $modules | wc -w) modules, the graph holds"
exit $fail
