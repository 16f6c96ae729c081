# The completion cases every shell must pass (bash, zsh and fish: completion_<shell>.sh).
# Sourced after common.bash by a script that defines `complete_line LINE`: prints what TAB
# offers at the end of LINE, one candidate a line, each as the word being completed would then
# stand on the line (`--format=j` -> `--format=json`), unquoted. It runs in $work, with `abp`
# on $PATH being the binary under test. Ends the script: 0 when every case passed.

failures=0

# expect 'WANTED (one a line)' LINE: the candidates for LINE must be exactly WANTED.
expect() {
  local want got
  want=$(printf '%s\n' "$1" | sed '/^$/d' | LC_ALL=C sort)
  got=$(complete_line "$2" | sed '/^$/d' | LC_ALL=C sort)
  if [ "$got" != "$want" ]; then
    echo "FAIL: $2<TAB>"
    diff <(printf '%s\n' "$want") <(printf '%s\n' "$got") | sed 's/^/  /'
    failures=$((failures + 1))
  fi
}
lines() { printf '%s\n' "$@"; }

# Every option `abp COMMAND --help` lists (its long names), one a line.
help_options() {
  abp "$@" --help | grep -oE '^  (-[a-zA-Z],)?--[a-z-]+' | sed 's/^ *-[a-zA-Z],//; s/^ *//'
}

mkdir -p "$work/home" && cd "$work/home"
export PATH="$(dirname "$abp"):$PATH"
[ "$(command -v abp)" = "$abp" ] || fail "the binary under test must be called abp"

# Commands and options.
expect "$(lines report add export)" 'abp '
expect "report" 'abp re'
expect "$(help_options)" 'abp --'
for command in report add export; do
  expect "$(help_options "$command")" "abp $command --"
done
expect "$(lines --section --skip-bad-rows --split-authors)" 'abp report --s'
expect "$(lines --file --first-name-column --format)" 'abp add --f'

# Option values.
expect "$(lines text csv tsv json ndjson)" 'abp report --format '
expect "--format=json" 'abp report --format=j'
expect "$(lines books authors tree)" 'abp report --section '
expect "$(lines books,authors books,tree)" 'abp report --section books,'
expect "$(lines tree,authors)" 'abp report --section tree,a'
expect "$(lines , ';' '|' '\t')" 'abp report --delimiter '
expect "latin1" 'abp export --encoding lat'
expect "" 'abp report --top '

# Files: report's and export's FILE, --file, --sqlite.
mkdir sub && touch sub/a.csv sub/b.tsv
expect "$(lines sub/a.csv sub/b.tsv)" 'abp report --ascending sub/'
expect "$(lines sub/a.csv sub/b.tsv)" 'abp add --file sub/'
expect "$(lines sub/a.csv sub/b.tsv)" 'abp export --sqlite out.db sub/'

[ "$failures" = 0 ] || exit 1
echo "completion: all checks passed"
