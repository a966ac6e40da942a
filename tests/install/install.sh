#!/bin/sh
# SPDX-License-Identifier: MIT
# cmake --install into a temporary prefix: the binary run from another
# folder finds the installed styles, and each manual page lists exactly the
# options of the command's --help (both come from one option table).
# usage: install.sh SOURCE_DIR BUILD_DIR
set -eu
src=$1 build=$2
tmp=$(mktemp -d "${TMPDIR:-/tmp}/vk-install.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
fail() { echo "install: $*" >&2; exit 1; }

cmake --install "$build" --prefix "$tmp/prefix" >/dev/null
vk=$tmp/prefix/bin/veerkracht
mkdir "$tmp/elsewhere"
cd "$tmp/elsewhere"

# The ten layers of the installed styles, in the same order as the source's.
"$vk" layers > layers.txt || fail "veerkracht layers failed in a folder without styles/"
"$vk" layers --styles "$src/styles" > want.txt
[ "$(tail -n +2 layers.txt | wc -l)" -eq 10 ] ||
  fail "layers lists $(tail -n +2 layers.txt | wc -l) layers, not 10"
cmp -s layers.txt want.txt || fail "the installed styles differ from styles/"
"$vk" render --help | grep -q "installed ones in" ||
  fail "render --help does not say where the installed styles are"
[ -f "$tmp/prefix/share/doc/veerkracht/README.md" ] || fail "README.md not installed"
[ -f "$tmp/prefix/share/doc/veerkracht/ARCHITECTURE.md" ] || fail "docs not installed"

# A manual page per command, with the options of its --help.
man1=$tmp/prefix/share/man/man1
[ -f "$man1/veerkracht.1" ] || fail "veerkracht.1 not installed"
commands=$("$vk" --help | sed -n 's/^  \([a-z]*\( export\)\{0,1\}\)  .*/\1/p')
[ -n "$commands" ] || fail "no commands in veerkracht --help"
echo "$commands" | while read -r cmd; do
  page=$man1/veerkracht-$(echo "$cmd" | tr ' ' '-').1
  [ -f "$page" ] || fail "no manual page for '$cmd' ($page)"
  grep -qF ".BR veerkracht\\-$(echo "$cmd" | sed 's/ /\\-/g') (1)" "$man1/veerkracht.1" ||
    fail "veerkracht(1) does not point to the page of '$cmd'"
  # shellcheck disable=SC2086
  "$vk" $cmd --help | sed -n 's/^  --\([a-z-]*\).*/\1/p' > help.txt
  sed -n 's/^\\fB\\-\\-\(.*\)\\fR.*/\1/p' "$page" | sed 's/\\fR.*//; s/\\-/-/g' > man.txt
  [ -s help.txt ] || fail "no options in '$cmd --help'"
  cmp -s help.txt man.txt || {
    diff help.txt man.txt >&2 || true
    fail "the manual page of '$cmd' and its --help list other options"; }
  warn=$(groff -man -ww -z "$page" 2>&1) || fail "groff failed on $page"
  [ -z "$warn" ] || fail "groff warns on $page: $warn"
done
echo "install: ok ($(ls "$man1" | wc -l) manual pages, $(tail -n +2 layers.txt | wc -l) layers)"
