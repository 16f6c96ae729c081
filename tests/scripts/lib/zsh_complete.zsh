# What zsh's completion system offers for a command line, one candidate a line: the word as it
# would stand on the line (what is already typed before the completed part included).
# usage: zsh -f zsh_complete.zsh FPATH_DIR 'COMMAND LINE'   (exits 2 when zsh gives no answer)
#
# Completion only runs inside the line editor of an interactive zsh, so one is started on a
# pseudo-terminal (zsh/zpty), the line typed into it and TAB pressed. In that shell compadd is
# wrapped: each time a completion function adds its final candidates, the wrapper asks the real
# compadd which of them match what is typed (-O) and prints those between markers.
zmodload zsh/zpty || exit 2
fpath_dir=$1 line=$2
setup=$(mktemp "${TMPDIR:-/tmp}/zsh_complete.XXXXXX")
trap 'zpty -d abp_tab 2>/dev/null; rm -f $setup' EXIT

cat >$setup <<EOF
PS1= RPS1= PS2=
fpath=(${(q)fpath_dir} \$fpath)
autoload -Uz compinit && compinit -u -D
zstyle ':completion:*' list-grouped false
zstyle ':completion:*' insert-tab false
bindkey '^I' complete-word
compadd() {
  # Calls that only ask (-O, -A, -D) come from inside completion functions: pass them on.
  local arg
  for arg in "\$@"; do
    [[ \$arg == -[OAD] ]] && { builtin compadd "\$@"; return; }
    [[ \$arg == (-|--) ]] && break
  done
  local -a matched opt_P opt_p
  builtin compadd -O matched "\$@"
  zparseopts -E -a opt_P P: && zparseopts -E -a opt_p p:
  local word
  for word in \$matched; do
    print -r -- "<match>\$IPREFIX\${opt_P[2]}\${opt_p[2]}\$word</match>"
  done
  builtin compadd "\$@"
}
_zsh_complete_done() { print -r -- '<done>'; exit }
comppostfuncs=(_zsh_complete_done)
print -r -- '<ready>'
EOF

zpty abp_tab zsh -f -i
zpty -w abp_tab "source ${(q)setup}"
# read_until MARKER: prints the text of <match> lines until a line holding MARKER.
read_until() {
  local out
  local -i deadline=$((SECONDS + 20))
  while (( SECONDS < deadline )); do
    zpty -rt abp_tab out || { sleep 0.01; continue }
    out=${out//$'\r'/}
    [[ $out == *"$1"* ]] && return 0
    [[ $out == *'<match>'*'</match>'* ]] && print -r -- ${${out#*<match>}%</match>*}
  done
  return 2
}
read_until '<ready>' >/dev/null || exit 2
zpty -w -n abp_tab "$line"$'\t'
read_until '<done>' | sort -u
exit ${pipestatus[1]}
