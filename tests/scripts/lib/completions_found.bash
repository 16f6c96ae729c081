# Sourced by install.sh and package.sh. completions_found ROOT ZSH_DIR: whether bash, zsh and
# fish each find abp's completion where it is installed under ROOT (ROOT/bin/abp, bash's and
# fish's usual folders under ROOT/share, zsh's ROOT/share/zsh/ZSH_DIR) the way they look for
# it. Prints each shell that does not and returns 1; a shell that is not installed is skipped.
completions_found() {
  local root=$1 zsh_dir=$2 missing=()
  bash -c 'source "$1" && complete -p abp' _ "$root/share/bash-completion/completions/abp" \
    >/dev/null 2>&1 || missing+=(bash)
  # compinit reads the #compdef line of each file in $fpath and binds _abp to abp.
  if command -v zsh >/dev/null; then
    zsh -f -c 'fpath=($1 $fpath); autoload -Uz compinit && compinit -u -D && [[ $_comps[abp] == _abp ]]' \
      _ "$root/share/zsh/$zsh_dir" || missing+=(zsh)
  fi
  # fish loads the completion of a command it finds on $PATH from its vendor_completions.d.
  if command -v fish >/dev/null; then
    PATH="$root/bin:$PATH" fish --no-config -c 'set -p fish_complete_path $argv[1]; complete -C "abp "' \
      "$root/share/fish/vendor_completions.d" | cut -f1 | grep -qx report || missing+=(fish)
  fi
  [ ${#missing[@]} = 0 ] || { echo "${missing[*]}"; return 1; }
}
