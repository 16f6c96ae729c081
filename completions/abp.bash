# bash completion for abp(1): commands, each command's options, the values of --format,
# --section (also in comma lists), --delimiter and --encoding, the column names of the file
# on the line for the column options (as abp itself reads its header), and file names. Installed as
# share/bash-completion/completions/abp; to try it without installing:
#   source completions/abp.bash
# Keep the option lists in step with `abp COMMAND --help` (tests/scripts/completion.sh checks).

_abp_input_options='--delimiter --encoding --author-column --first-name-column
  --last-name-column --title-column --publisher-column --skip-bad-rows --split-authors
  --lock-timeout'
# The filters of report, export and serve (SPEC §7).
_abp_filter_options='--author --title --publisher'

# Options that take a value (all others are flags).
_abp_takes_value() {
  case $1 in
    --delimiter | --encoding | --author-column | --first-name-column | --last-name-column | \
      --title-column | --publisher-column | --split-authors | --lock-timeout | --format | \
      --section | --top | --file | --sqlite | --color | --host | --port | --token | --author | \
      --title | --publisher) return 0 ;;
  esac
  return 1
}

# The word as the shell will pass it on: quotes and backslashes taken off, a leading ~/ made
# the home folder (no other expansion is done).
_abp_dequote() {
  local word=$1 out= quote= c i
  for ((i = 0; i < ${#word}; i++)); do
    c=${word:i:1}
    if [[ $quote == "'" ]]; then
      [[ $c == "'" ]] && quote= || out+=$c
    elif [[ $c == '\' ]]; then
      # Inside double quotes a backslash only escapes $ ` " and itself.
      [[ $quote == '"' && ${word:i+1:1} != [\$\`\"\\] ]] && out+=$c
      ((i++))
      out+=${word:i:1}
    elif [[ $quote == '"' ]]; then
      [[ $c == '"' ]] && quote= || out+=$c
    elif [[ $c == "'" || $c == '"' ]]; then
      quote=$c
    else
      out+=$c
    fi
  done
  [[ $word == "~/"* ]] && out=$HOME/${out#"~/"}
  printf '%s\n' "$out"
}

# The column names of the catalogue the command line names (the FILE of report, export and
# dupes, the --file of add, remove and rename, else $ABP_FILE, else the default), one a line.
# abp itself ($1) reads the header, with the --delimiter and --encoding given, so a quoted name
# holding the delimiter is one.
_abp_columns() {
  local program=$1 command=$2 i word owner file= command_seen=
  local -a flags=()
  [[ $program == "~/"* ]] && program=$HOME/${program#"~/"}
  for ((i = 1; i < COMP_CWORD; i++)); do
    word=${COMP_WORDS[i]}
    owner=${COMP_WORDS[i - 1]}
    [[ $owner == = && $i -ge 2 ]] && owner=${COMP_WORDS[i - 2]}
    if [[ $word == = ]]; then
      continue
    elif [[ -z $command_seen && $word == "$command" ]]; then
      command_seen=yes
    elif _abp_takes_value "$owner"; then
      case $owner in
        --file) [[ $command =~ ^(add|remove|rename)$ ]] && file=$(_abp_dequote "$word") ;;
        --delimiter | --encoding) flags+=("$owner" "$(_abp_dequote "$word")") ;;
      esac
    elif [[ $word != -* && $command =~ ^(report|export|dupes|serve)$ ]]; then
      file=$(_abp_dequote "$word")
    fi
  done
  "$program" __columns "${flags[@]}" -- "${file:-${ABP_FILE:-data/author_book_publisher.csv}}" \
    2>/dev/null
}

_abp() {
  local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD - 1]}
  # --flag=value is split at '=' by COMP_WORDBREAKS.
  if [[ $cur == = ]]; then
    cur=
  elif [[ $prev == = ]]; then
    prev=${COMP_WORDS[COMP_CWORD - 2]}
  fi

  local command= i
  for ((i = 1; i < COMP_CWORD; i++)); do
    case ${COMP_WORDS[i]} in
      report | add | export | dupes | remove | rename | serve)
        command=${COMP_WORDS[i]}
        break
        ;;
    esac
  done
  if [[ -z $command ]]; then
    if [[ $cur == -* ]]; then
      mapfile -t COMPREPLY < <(compgen -W '--help --version' -- "$cur")
    else
      mapfile -t COMPREPLY < <(compgen -W 'report add export dupes remove rename serve' -- "$cur")
    fi
    return
  fi

  case $prev in
    --format)
      local formats='text csv tsv json ndjson html'
      [[ $command == dupes ]] && formats='text json'
      mapfile -t COMPREPLY < <(compgen -W "$formats" -- "$cur")
      return
      ;;
    --section)
      # a comma-separated list: complete its last item with a section not listed yet
      local done_part= left= section
      [[ $cur == *,* ]] && done_part=${cur%,*},
      for section in books authors author-books tree; do
        [[ ,$done_part == *,$section,* ]] || left+=" $section"
      done
      mapfile -t COMPREPLY < <(compgen -P "$done_part" -W "$left" -- "${cur##*,}")
      return
      ;;
    --delimiter)
      mapfile -t COMPREPLY < <(compgen -W ', ; | \\t' -- "$cur")
      return
      ;;
    --color)
      mapfile -t COMPREPLY < <(compgen -W 'auto always never' -- "$cur")
      return
      ;;
    --encoding)
      mapfile -t COMPREPLY < <(compgen -W 'utf-8 latin1 cp1252 utf-16 iso-8859-15 macintosh' -- "$cur")
      return
      ;;
    --author-column | --first-name-column | --last-name-column | --title-column | --publisher-column)
      # readline quotes what it inserts (a name with a space stays one word). Not compgen -W:
      # it would expand a name like $(...) from the file's header.
      compopt -o filenames 2>/dev/null
      local typed name
      typed=$(_abp_dequote "$cur")
      while IFS= read -r name; do
        [[ $name == "$typed"* ]] && COMPREPLY+=("$name")
      done < <(_abp_columns "$1" "$command")
      return
      ;;
    --file | --sqlite)
      compopt -o filenames 2>/dev/null
      mapfile -t COMPREPLY < <(compgen -f -- "$cur")
      return
      ;;
    --top | --lock-timeout | --split-authors | --port | --token | --author | --title | --publisher)
      return
      ;;
    --host)
      mapfile -t COMPREPLY < <(compgen -W '127.0.0.1 ::1 0.0.0.0 localhost' -- "$cur")
      return
      ;;
  esac

  if [[ $cur == -* ]]; then
    local options
    if [[ $command == report ]]; then
      options="--help $_abp_input_options --format --ascii --color --section --ascending --top
        --bars $_abp_filter_options --fold"
    elif [[ $command == export ]]; then
      options="--help --sqlite --force $_abp_input_options $_abp_filter_options"
    elif [[ $command == dupes ]]; then
      options="--help $_abp_input_options --format"
    elif [[ $command == remove || $command == rename ]]; then
      options="--help --file --dry-run --no-backup $_abp_input_options"
    elif [[ $command == serve ]]; then
      options="--help --host --port --write --token --quiet $_abp_filter_options --fold
        $_abp_input_options"
    else
      options="--help --file $_abp_input_options --format --ascii --color --quiet"
    fi
    mapfile -t COMPREPLY < <(compgen -W "$options" -- "$cur")
  elif [[ $command =~ ^(report|export|dupes|serve)$ ]]; then
    compopt -o filenames 2>/dev/null
    mapfile -t COMPREPLY < <(compgen -f -- "$cur")
  elif [[ $command == rename ]] && ! _abp_has_argument "$command"; then
    mapfile -t COMPREPLY < <(compgen -W 'author publisher title' -- "$cur")
  fi
}

# True when a word after command $1 on the line is an argument (not an option or its value).
_abp_has_argument() {
  local i word seen=
  for ((i = 1; i < COMP_CWORD; i++)); do
    word=${COMP_WORDS[i]}
    if [[ -z $seen ]]; then
      [[ $word == "$1" ]] && seen=1
      continue
    fi
    [[ $word == = || $word == -* || ${COMP_WORDS[i - 1]} == = ]] && continue
    _abp_takes_value "${COMP_WORDS[i - 1]}" && continue
    return 0
  done
  return 1
}

complete -F _abp abp
