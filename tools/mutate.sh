#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Mutation testing (not part of CI): plants one small bug at a time from
# tools/mutants.txt into a scratch copy of the tree, rebuilds and runs the
# CTest suites; a mutant a test catches is KILLED, one that passes every
# test SURVIVED. The score killed / (killed + survived) says how many
# plausible bugs the tests would catch. See docs/testing.md.
#
# usage: tools/mutate.sh [options] [SELECT...]
#   SELECT       mutants to run: a number (7), a range (7-9), or a word
#                matched against names and paths (tiles-, src/geo/);
#                all when none
#   -j N         build and test jobs (default 2)
#   --work DIR   scratch folder, kept and reused (default: a new one under
#                $TMPDIR, removed at the end unless --keep)
#   --keep       keep the default scratch folder (its logs/ has the build
#                and test output of each mutant)
#   --timeout S  per CTest test, seconds (default 120; a hang is a kill)
#   --mutants F  the mutant list (default tools/mutants.txt)
#   --report F   also write the results as Markdown to F ("-": stdout)
#   --no-baseline  skip the check that the unmutated tree passes
#   --check      only check that every mutant applies (no build)
#   -h, --help   this text
#
# Works from a fresh clone once `make build` has run (it needs the same
# packages, and tests/browser/node_modules for the browser test, which
# `make test` installs). The working tree's tracked files (and untracked,
# not ignored ones) are copied as they are, uncommitted changes included.
#
# How it works: the copy is configured (RelWithDebInfo, as `make`) and
# built once; per mutant the snippet is replaced in the copy (it must occur
# exactly once in its file, else the mutant is STALE: the code moved on),
# the build is incremental (a mutant that does not compile is INVALID and
# not counted), then the suites of the mutant's module run first and, if
# they pass, all the others, each with --stop-on-failure: a killed mutant
# costs a few seconds of tests, a survivor one full run. The file is put
# back after each mutant, and on Ctrl-C.
set -uo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
jobs=2
work=""
keep=0
timeout=120
mutants_file=$root/tools/mutants.txt
report=""
baseline=1
check_only=0
select=()

usage() { sed -n '/^# usage:/,/^#   -h/{s/^# \{0,1\}//;p}' "$0"; }

while [ $# -gt 0 ]; do
  case $1 in
    -j) jobs=${2:?-j needs a number}; shift ;;
    -j*) jobs=${1#-j} ;;
    --work) work=${2:?--work needs a folder}; keep=1; shift ;;
    --keep) keep=1 ;;
    --timeout) timeout=${2:?--timeout needs seconds}; shift ;;
    --mutants) mutants_file=${2:?--mutants needs a file}; shift ;;
    --report) report=${2:?--report needs a file or -}; shift ;;
    --no-baseline) baseline=0 ;;
    --check) check_only=1 ;;
    -h|--help) usage; exit 0 ;;
    -*) echo "mutate: unknown option $1" >&2; usage >&2; exit 2 ;;
    *) select+=("$1") ;;
  esac
  shift
done
case $jobs in ''|*[!0-9]*|0) echo "mutate: -j needs a positive number" >&2; exit 2 ;; esac
case $timeout in ''|*[!0-9]*|0) echo "mutate: --timeout needs seconds" >&2; exit 2 ;; esac

# ---- the mutant list ---------------------------------------------------
# Records of lines "key value"; "mutant NAME [known]" starts one, then
# file, from, to (empty: the snippet is deleted) and what. Blank lines and
# lines starting with # are ignored; values are trimmed.
M_NAME=() M_KNOWN=() M_FILE=() M_FROM=() M_TO=() M_WHAT=() M_HASTO=()

trim() { local s=$1; s=${s#"${s%%[![:space:]]*}"}; s=${s%"${s##*[![:space:]]}"}; printf '%s' "$s"; }

load_mutants() {
  local line key val n=-1 lineno=0
  [ -r "$mutants_file" ] || { echo "mutate: cannot read $mutants_file" >&2; exit 2; }
  while IFS= read -r line || [ -n "$line" ]; do
    lineno=$((lineno + 1))
    case $line in ''|'#'*) continue ;; esac
    line=$(trim "$line")
    [ -z "$line" ] && continue
    key=${line%%[[:space:]]*}
    val=$(trim "${line#"$key"}")
    case $key in
      mutant)
        n=$((n + 1))
        M_NAME[n]=${val%%[[:space:]]*}
        M_KNOWN[n]=0
        case " $val " in *" known "*) M_KNOWN[n]=1 ;; esac
        M_FILE[n]="" M_FROM[n]="" M_TO[n]="" M_WHAT[n]="" M_HASTO[n]=0 ;;
      file|from|to|what)
        if [ $n -lt 0 ]; then
          echo "mutate: $mutants_file:$lineno: \"$key\" before any \"mutant\"" >&2; exit 2
        fi
        case $key in
          file) M_FILE[n]=$val ;;
          from) M_FROM[n]=$val ;;
          to) M_TO[n]=$val; M_HASTO[n]=1 ;;
          what) M_WHAT[n]=$val ;;
        esac ;;
      *) echo "mutate: $mutants_file:$lineno: unknown key \"$key\"" >&2; exit 2 ;;
    esac
  done < "$mutants_file"
  for ((i = 0; i <= n; i++)); do
    if [ -z "${M_NAME[i]}" ] || [ -z "${M_FILE[i]}" ] || [ -z "${M_FROM[i]}" ] ||
       [ "${M_HASTO[i]}" = 0 ] || [ -z "${M_WHAT[i]}" ]; then
      echo "mutate: $mutants_file: mutant $((i + 1)) (${M_NAME[i]:-?}) needs file, from, to and what" >&2; exit 2
    fi
    if [ "${M_FROM[i]}" = "${M_TO[i]}" ]; then
      echo "mutate: $mutants_file: mutant ${M_NAME[i]} changes nothing" >&2; exit 2
    fi
  done
}

# The module of a source path: src/<module>/...
module_of() { local p=${1#src/}; printf '%s' "${p%%/*}"; }

# The CTest suites that test a module, run first (a regex for ctest -R).
suites_of() {
  case $1 in
    style) echo '^(style|palette)$' ;;
    layout) echo '^(layout|labels)$' ;;
    cli) echo '^(cli|atlas)$' ;;
    *) echo "^($1)\$" ;;
  esac
}

# Occurrences of the literal snippet in a file, and the line of the first.
count_in() { VK_FROM=$2 perl -0777 -ne '$n = () = /\Q$ENV{VK_FROM}\E/g; print $n' "$1"; }
line_in() {
  VK_FROM=$2 perl -0777 -ne 'if (/\Q$ENV{VK_FROM}\E/g) {
    print 1 + (substr($_, 0, pos() - length $ENV{VK_FROM}) =~ tr/\n//) }' "$1"
}
apply_in() { VK_FROM=$2 VK_TO=$3 perl -0777 -i -pe 's/\Q$ENV{VK_FROM}\E/$ENV{VK_TO}/' "$1"; }

load_mutants
nm=${#M_NAME[@]}

# Which mutants to run: numbers, ranges and words; all without any.
chosen=()
if [ ${#select[@]} -eq 0 ]; then
  for ((i = 0; i < nm; i++)); do chosen+=("$i"); done
else
  declare -A seen=()
  for s in "${select[@]}"; do
    if [[ $s =~ ^([0-9]+)(-([0-9]+))?$ ]]; then
      a=${BASH_REMATCH[1]} b=${BASH_REMATCH[3]:-${BASH_REMATCH[1]}}
      if [ "$a" -lt 1 ] || [ "$b" -gt "$nm" ] || [ "$a" -gt "$b" ]; then
        echo "mutate: $s: the mutants are numbered 1 to $nm" >&2; exit 2
      fi
      for ((i = a - 1; i < b; i++)); do
        [ -z "${seen[$i]:-}" ] && { chosen+=("$i"); seen[$i]=1; }
      done
    else
      hit=0
      for ((i = 0; i < nm; i++)); do
        case "${M_NAME[i]} ${M_FILE[i]}" in
          *"$s"*) hit=1; [ -z "${seen[$i]:-}" ] && { chosen+=("$i"); seen[$i]=1; } ;;
        esac
      done
      [ $hit = 1 ] || { echo "mutate: no mutant matches \"$s\"" >&2; exit 2; }
    fi
  done
  # In list order.
  mapfile -t chosen < <(printf '%s\n' "${chosen[@]}" | sort -n)
fi

# --check: does every chosen mutant still apply to the tree as it is?
if [ $check_only = 1 ]; then
  bad=0
  for i in "${chosen[@]}"; do
    f=$root/${M_FILE[i]}
    c=$([ -f "$f" ] && count_in "$f" "${M_FROM[i]}" || echo missing)
    if [ "$c" = 1 ]; then
      printf '%3d %-24s %s:%s ok\n' $((i + 1)) "${M_NAME[i]}" "${M_FILE[i]}" "$(line_in "$f" "${M_FROM[i]}")"
    else
      printf '%3d %-24s %s STALE (%s)\n' $((i + 1)) "${M_NAME[i]}" "${M_FILE[i]}" \
        "$([ "$c" = missing ] && echo "no such file" || echo "snippet found $c times")"
      bad=$((bad + 1))
    fi
  done
  echo "mutate: ${#chosen[@]} mutants checked, $bad stale"
  [ $bad = 0 ]; exit
fi

# ---- the scratch copy --------------------------------------------------
made_work=0
if [ -z "$work" ]; then
  work=$(mktemp -d "${TMPDIR:-/tmp}/vk-mutate.XXXXXX") || exit 1
  made_work=1
fi
mkdir -p "$work/src" "$work/logs" || exit 1
work=$(cd "$work" && pwd)
src=$work/src build=$work/build
current=""   # the file mutated now, restored on any exit
started=$(date +%s)

restore() {
  if [ -n "$current" ]; then
    cp "$work/orig" "$current" && touch "$current"
    current=""
  fi
}
cleanup() {
  restore
  if [ $made_work = 1 ] && [ $keep = 0 ]; then rm -rf "$work"; fi
}
trap cleanup EXIT
trap 'echo; echo "mutate: interrupted; $src restored" >&2; exit 130' INT TERM

# Tracked and untracked-but-not-ignored files, copied where they differ so
# that a reused --work keeps its build up to date incrementally.
echo "mutate: copying the tree to $src"
ncopied=0
while IFS= read -r -d '' f; do
  [ -f "$root/$f" ] && [ ! -L "$root/$f" ] || continue
  if ! cmp -s "$root/$f" "$src/$f"; then
    mkdir -p "$src/$(dirname "$f")" && cp "$root/$f" "$src/$f" || exit 1
    ncopied=$((ncopied + 1))
  fi
done < <(git -C "$root" ls-files -z --cached --others --exclude-standard)
echo "mutate: $ncopied files copied"
# The browser test needs the node packages `make test` installs; without
# them it is left out (said here and in the summary).
skip='^$'
if [ -d "$root/tests/browser/node_modules" ]; then
  ln -sfn "$root/tests/browser/node_modules" "$src/tests/browser/node_modules"
else
  skip='^browser$'
  echo "mutate: tests/browser/node_modules is missing (make test installs it): the browser test is left out" >&2
fi

if [ ! -f "$build/CMakeCache.txt" ]; then
  echo "mutate: configuring $build"
  cmake -S "$src" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo > "$work/logs/configure.log" 2>&1 ||
    { cat "$work/logs/configure.log" >&2; echo "mutate: cmake failed" >&2; exit 1; }
fi
echo "mutate: building the unmutated tree"
cmake --build "$build" -j "$jobs" > "$work/logs/build.log" 2>&1 ||
  { tail -40 "$work/logs/build.log" >&2; echo "mutate: the unmutated tree does not build" >&2; exit 1; }

# Runs ctest with the extra arguments; the output goes to log (appended).
run_ctest() {
  local log=$1; shift
  ctest --test-dir "$build" --output-on-failure --stop-on-failure \
    --timeout "$timeout" -j "$jobs" "$@" >> "$log" 2>&1
}

# Which tests failed, from a ctest log: "suite: test / test" per failed
# suite, suites apart by "; " (the CUnit tests that failed, whose names may
# hold commas, else how it ended: Timeout, ...).
killers() {
  perl -ne '
    if (/^\s*\d+\/\d+ Test\s+#\d+: (\S+) \.*\**(Failed|Timeout|Exception: .*|Not Run.*)?\s+[\d.]+ sec/ && $2) {
      push @suites, $1; $how{$1} = $2; $how{$1} =~ s/\s+$//; $cur = $1; next }
    if (/^\s*\d+\/\d+ Test\s+#\d+: (\S+) /) { $cur = $1; next }
    if (/^\s+Test: (.*?) \.\.\.FAILED/) { push @{$cu{$cur}}, $1 if defined $cur }
    END {
      my %done; my @out;
      for my $s (@suites) {
        next if $done{$s}++;
        push @out, $cu{$s} ? "$s: " . join(" / ", @{$cu{$s}}) : "$s ($how{$s})";
      }
      print join("; ", @out);
    }' "$1"
}

if [ $baseline = 1 ]; then
  echo "mutate: running every test on the unmutated tree (baseline)"
  : > "$work/logs/baseline.log"
  if ! run_ctest "$work/logs/baseline.log" -E "$skip"; then
    echo "mutate: the unmutated tree fails: $(killers "$work/logs/baseline.log")" >&2
    # The log outlives the scratch copy, which goes unless --keep.
    cp "$work/logs/baseline.log" "${TMPDIR:-/tmp}/mutate-baseline.log"
    echo "mutate: fix that first (log: ${TMPDIR:-/tmp}/mutate-baseline.log)" >&2
    exit 1
  fi
fi

# ---- the mutants -------------------------------------------------------
commit=$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)
if [ -n "$(git -C "$root" status --porcelain --untracked-files=no 2>/dev/null)" ]; then
  commit="$commit+changes"
fi
R_RESULT=() R_KILLER=() R_WHERE=() R_SECS=()
results=$work/results.tsv
: > "$results"
k=0
echo "mutate: ${#chosen[@]} mutants, -j $jobs, timeout ${timeout} s per test"
for i in "${chosen[@]}"; do
  k=$((k + 1))
  t0=$(date +%s)
  file=${M_FILE[i]} name=${M_NAME[i]} mod=$(module_of "${M_FILE[i]}")
  log=$work/logs/$((i + 1))-$name.log
  : > "$log"
  path=$src/$file
  res="" killer="" where=$file
  c=$([ -f "$path" ] && count_in "$path" "${M_FROM[i]}" || echo 0)
  if [ "$c" != 1 ]; then
    res=STALE
    killer=$([ -f "$path" ] && echo "snippet found $c times" || echo "no such file")
  else
    where=$file:$(line_in "$path" "${M_FROM[i]}")
    cp "$path" "$work/orig" && current=$path
    apply_in "$path" "${M_FROM[i]}" "${M_TO[i]}"
    if ! cmake --build "$build" -j "$jobs" >> "$log" 2>&1; then
      res=INVALID killer="does not build"
    elif ! run_ctest "$log" -R "$(suites_of "$mod")" -E "$skip"; then
      res=KILLED killer=$(killers "$log")
    elif ! run_ctest "$log" -E "$(suites_of "$mod")|$skip"; then
      res=KILLED killer=$(killers "$log")
    else
      res=SURVIVED
    fi
    restore
  fi
  secs=$(($(date +%s) - t0))
  R_RESULT[i]=$res R_KILLER[i]=$killer R_WHERE[i]=$where R_SECS[i]=$secs
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' $((i + 1)) "$mod" "$where" "$name" \
    "$res" "$killer" "${M_KNOWN[i]}" "$secs" >> "$results"
  printf '[%2d/%2d] %3d %-24s %-32s %-8s %4ds %s\n' "$k" "${#chosen[@]}" $((i + 1)) \
    "$name" "$where" "$res" "$secs" "$killer"
done

# ---- the summary -------------------------------------------------------
# Counts over a set of mutants: all, the known ones, the others.
tally() { # which: all | known | other
  local which=$1 kl=0 sv=0 st=0 iv=0
  for i in "${chosen[@]}"; do
    case $which in
      known) [ "${M_KNOWN[i]}" = 1 ] || continue ;;
      other) [ "${M_KNOWN[i]}" = 0 ] || continue ;;
    esac
    case ${R_RESULT[i]} in
      KILLED) kl=$((kl + 1)) ;; SURVIVED) sv=$((sv + 1)) ;;
      STALE) st=$((st + 1)) ;; INVALID) iv=$((iv + 1)) ;;
    esac
  done
  local score="n/a"
  [ $((kl + sv)) -gt 0 ] && score="$kl/$((kl + sv)) = $(awk -v k=$kl -v n=$((kl + sv)) 'BEGIN { printf "%.1f %%", 100 * k / n }')"
  printf 'killed %d, survived %d, stale %d, invalid %d; score %s' $kl $sv $st $iv "$score"
}

elapsed=$(($(date +%s) - started))
runtime=$(printf '%d min %02d s' $((elapsed / 60)) $((elapsed % 60)))
echo
printf '%-3s %-8s %-32s %-52s %-8s %s\n' id module where description result "killed by"
for i in "${chosen[@]}"; do
  d=${M_WHAT[i]}
  [ ${#d} -gt 52 ] && d="${d:0:49}..."
  [ "${M_KNOWN[i]}" = 1 ] && d="(known) ${d:0:44}"
  printf '%-3d %-8s %-32s %-52s %-8s %s\n' $((i + 1)) "$(module_of "${M_FILE[i]}")" \
    "${R_WHERE[i]}" "$d" "${R_RESULT[i]}" "${R_KILLER[i]}"
done
echo
echo "mutate: $(date -u +%Y-%m-%d), commit $commit, ${#chosen[@]} mutants in $runtime"
echo "mutate: all:        $(tally all)"
echo "mutate: the known:  $(tally known)"
echo "mutate: the others: $(tally other)"
[ "$skip" = '^$' ] || echo "mutate: the browser test was left out (no tests/browser/node_modules)"

# The same as Markdown, for docs/testing.md.
markdown() {
  echo "Run of $(date -u +%Y-%m-%d) on commit \`$commit\`: ${#chosen[@]} mutants in $runtime (-j $jobs)."
  echo
  echo "- all: $(tally all)"
  echo "- the known ones of issue 20: $(tally known)"
  echo "- the others: $(tally other)"
  [ "$skip" = '^$' ] || echo "- the browser test was left out (no tests/browser/node_modules)"
  echo
  echo "| # | Module | Where | Mutant | Result | Killed by |"
  echo "|---|--------|-------|--------|--------|-----------|"
  for i in "${chosen[@]}"; do
    local d=${M_WHAT[i]//|/\\|} kb=${R_KILLER[i]//|/\\|}
    [ "${M_KNOWN[i]}" = 1 ] && d="(known) $d"
    printf '| %d | %s | `%s` | `%s`: %s | %s | %s |\n' $((i + 1)) \
      "$(module_of "${M_FILE[i]}")" "${R_WHERE[i]}" "${M_NAME[i]}" "$d" \
      "${R_RESULT[i]}" "$kb"
  done
}
if [ "$report" = - ]; then
  echo
  markdown
elif [ -n "$report" ]; then
  markdown > "$report" && echo "mutate: report in $report"
fi
[ $keep = 1 ] && echo "mutate: logs in $work/logs"
exit 0
