# bash completion for abp(1): commands, each command's options, the values of --format,
# --section (also in comma lists), --delimiter and --encoding, the column names of the file
# on the line for the column options, and file names. Installed as
# share/bash-completion/completions/abp; to try it without installing:
#   source completions/abp.bash
# Keep the option lists in step with `abp COMMAND --help` (tests/scripts/completion.sh checks).

_abp_input_options='--delimiter --encoding --author-column --first-name-column
  --last-name-column --title-column --publisher-column --skip-bad-rows --split-authors
  --lock-timeout'

# Options that take a value (all others are flags).
_abp_takes_value() {
  case $1 in
    --delimiter | --encoding | --author-column | --first-name-column | --last-name-column | \
      --title-column | --publisher-column | --split-authors | --lock-timeout | --format | \
      --section | --top | --file | --sqlite) return 0 ;;
  esac
  return 1
}

# The catalogue the command line names: report's FILE, add's --file, else $ABP_FILE, else
# the default path.
_abp_catalogue() {
  local command=$1 i word owner file=
  for ((i = 1; i < COMP_CWORD; i++)); do
    word=${COMP_WORDS[i]}
    owner=${COMP_WORDS[i - 1]}
    [[ $owner == = && $i -ge 2 ]] && owner=${COMP_WORDS[i - 2]}
    if [[ $word == = || $word == "$command" && -z $file ]]; then
      continue
    elif _abp_takes_value "$owner"; then
      [[ $owner == --file && $command == add ]] && file=$word
    elif [[ $word != -* && ( $command == report || $command == export ) ]]; then
      file=$word
    fi
  done
  printf '%s\n' "${file:-${ABP_FILE:-data/author_book_publisher.csv}}"
}

# The column names in the header of file $1, one a line (quotes and blanks around them removed).
_abp_columns() {
  local file=$1 separator=, header name
  [[ -r $file && ! -d $file ]] || return
  [[ ${file,,} == *.tsv ]] && separator=$'\t'
  IFS= read -r header <"$file" || [[ -n $header ]] || return
  header=${header%$'\r'}
  header=${header#$'\xef\xbb\xbf'}
  local IFS=$separator
  for name in $header; do
    name=${name#"${name%%[! ]*}"}
    name=${name%"${name##*[! ]}"}
    name=${name#\"}
    printf '%s\n' "${name%\"}"
  done
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
      report | add | export)
        command=${COMP_WORDS[i]}
        break
        ;;
    esac
  done
  if [[ -z $command ]]; then
    if [[ $cur == -* ]]; then
      mapfile -t COMPREPLY < <(compgen -W '--help --version' -- "$cur")
    else
      mapfile -t COMPREPLY < <(compgen -W 'report add export' -- "$cur")
    fi
    return
  fi

  case $prev in
    --format)
      mapfile -t COMPREPLY < <(compgen -W 'text csv tsv json ndjson' -- "$cur")
      return
      ;;
    --section)
      # a comma-separated list: complete its last item with a section not listed yet
      local done_part= left= section
      [[ $cur == *,* ]] && done_part=${cur%,*},
      for section in books authors tree; do
        [[ ,$done_part == *,$section,* ]] || left+=" $section"
      done
      mapfile -t COMPREPLY < <(compgen -P "$done_part" -W "$left" -- "${cur##*,}")
      return
      ;;
    --delimiter)
      mapfile -t COMPREPLY < <(compgen -W ', ; | \\t' -- "$cur")
      return
      ;;
    --encoding)
      mapfile -t COMPREPLY < <(compgen -W 'utf-8 latin1 cp1252 utf-16 iso-8859-15 macintosh' -- "$cur")
      return
      ;;
    --author-column | --first-name-column | --last-name-column | --title-column | --publisher-column)
      local IFS=$'\n'
      mapfile -t COMPREPLY < <(compgen -W "$(_abp_columns "$(_abp_catalogue "$command")")" -- "$cur")
      return
      ;;
    --file | --sqlite)
      compopt -o filenames 2>/dev/null
      mapfile -t COMPREPLY < <(compgen -f -- "$cur")
      return
      ;;
    --top | --lock-timeout | --split-authors)
      return
      ;;
  esac

  if [[ $cur == -* ]]; then
    local options
    if [[ $command == report ]]; then
      options="--help $_abp_input_options --format --ascii --section --ascending --top --bars"
    elif [[ $command == export ]]; then
      options="--help --sqlite --force $_abp_input_options"
    else
      options="--help --file $_abp_input_options --format --ascii"
    fi
    mapfile -t COMPREPLY < <(compgen -W "$options" -- "$cur")
  elif [[ $command == report || $command == export ]]; then
    compopt -o filenames 2>/dev/null
    mapfile -t COMPREPLY < <(compgen -f -- "$cur")
  fi
}

complete -F _abp abp
