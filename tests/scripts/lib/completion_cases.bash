# The completion cases every shell must pass (bash, zsh and fish: completion_<shell>.sh).
# Sourced after common.bash by a script that defines `complete_line LINE`: prints what TAB
# offers at the end of LINE, one candidate a line, each as the word being completed would then
# stand on the line (`--format=j` -> `--format=json`), unquoted. It runs in $work, with `abp`
# on $PATH being the binary under test; a script may add cases of its own in a function
# shell_cases. Ends the script: 0 when every case passed.

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

# Every command `abp --help` lists, one a line.
help_commands() {
  abp --help | sed -n '/^Commands:/,/^$/p' | awk 'NR > 1 && NF { print $1 }'
}

# Commands and options: all that the help lists, and no other.
commands=$(help_commands)
[ -n "$commands" ] || fail "no commands in abp --help"
expect "$commands" 'abp '
expect "$(lines report remove rename)" 'abp re'
expect "$(help_options)" 'abp --'
for command in $commands; do
  expect "$(help_options "$command")" "abp $command --"
done
expect "$(lines --section --skip-bad-rows --split-authors)" 'abp report --s'
expect "$(lines --file --first-name-column --format)" 'abp add --f'

expect "$(lines author publisher title)" 'abp rename '
expect "$(lines author publisher title)" 'abp rename --dry-run --file books.csv '
expect "" 'abp rename author '
expect "$(lines --dry-run --delimiter)" 'abp remove --d'

# Option values.
expect "$(lines text csv tsv json ndjson html)" 'abp report --format '
expect "--format=json" 'abp report --format=j'
expect "$(lines books authors author-books tree)" 'abp report --section '
expect "$(lines books,authors books,author-books books,tree)" 'abp report --section books,'
expect "$(lines tree,authors tree,author-books)" 'abp report --section tree,a'
expect "$(lines text json)" 'abp dupes --format '
expect "$(lines , ';' '|' '\t')" 'abp report --delimiter '
expect "latin1" 'abp export --encoding lat'
expect "$(lines auto always)" 'abp add --color a'
expect "" 'abp report --top '

# Files: report's and export's FILE, --file, --sqlite.
mkdir sub && touch sub/a.csv sub/b.tsv
expect "$(lines sub/a.csv sub/b.tsv)" 'abp report --ascending sub/'
expect "$(lines sub/a.csv sub/b.tsv)" 'abp add --file sub/'
expect "$(lines sub/a.csv sub/b.tsv)" 'abp rename --file sub/'
expect "$(lines sub/a.csv sub/b.tsv)" 'abp export --sqlite out.db sub/'
expect "$(lines sub/a.csv sub/b.tsv)" 'abp dupes --format json sub/'
expect "$(lines sub/a.csv sub/b.tsv)" 'abp serve --write sub/'
expect "127.0.0.1" 'abp serve --host 1'
expect "" 'abp serve --port '

# Column names: abp reads the header of the file on the line (issue 12.22), as a report does.
# BOM, CRLF, blanks around names and quotes: gone.
printf '\xef\xbb\xbfFirst Name, "last name" ,Title,Publisher\r\nA,B,C,D\r\n' >books.csv
expect "$(lines 'First Name' 'last name' Title Publisher)" 'abp report --bars books.csv --title-column '
expect "First Name" 'abp report --format=json books.csv --first-name-column F'
# A quoted name holding the delimiter is one name; the file's name gives the tab.
printf '"a,b",title,publisher\n' >quoted.csv
expect "$(lines a,b title publisher)" 'abp report quoted.csv --author-column '
printf 'author\ttitle\tpublisher house\n' >lib.tsv
expect "$(lines author title 'publisher house')" 'abp add --file lib.tsv --publisher-column '
expect "$(lines author title 'publisher house')" 'abp add --file=lib.tsv --title-column '
ABP_FILE=lib.tsv expect "$(lines author title 'publisher house')" 'abp report --title-column '
# --delimiter and --encoding on the line count, quoted or not, before or after the file.
printf 'author;title,subtitle;publisher\n' >semi.txt
expect "$(lines author title,subtitle publisher)" "abp report --delimiter ';' semi.txt --title-column "
expect "$(lines author title,subtitle publisher)" "abp export semi.txt --delimiter=\\; --title-column "
printf 'author\ttitle,subtitle\tpublisher\n' >tab.txt
expect "$(lines author title,subtitle publisher)" "abp report --delimiter '\\t' tab.txt --title-column "
printf 'Auteur,Titre,\xc9diteur\n' >latin1.csv
expect "$(lines Auteur Titre "$(printf '\xc3\x89diteur')")" "abp report --encoding latin1 latin1.csv --publisher-column "
# A file name with a space, quoted; an abp database (no header); a file that is not there.
cp quoted.csv 'my books.csv'
expect "$(lines a,b title publisher)" "abp report 'my books.csv' --author-column "
expect "$(lines a,b title publisher)" 'abp report my\ books.csv --author-column '
abp export --sqlite books.db --author-column a,b quoted.csv
expect "" 'abp report books.db --title-column '
expect "" 'abp report missing.csv --title-column '
# A name is offered as it is, never run: a header is data.
printf '$(touch pwned),`touch pwned2`,title\n' >hostile.csv
expect "$(lines '$(touch pwned)' '`touch pwned2`' title)" 'abp report hostile.csv --title-column '
[ ! -e pwned ] && [ ! -e pwned2 ] || { echo "FAIL: completing a column name ran it"; failures=$((failures + 1)); }

# What one shell does beyond the others, if its script defines shell_cases.
if declare -F shell_cases >/dev/null; then shell_cases; fi

[ "$failures" = 0 ] || exit 1
echo "completion: all checks passed"
