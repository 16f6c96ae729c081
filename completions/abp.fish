# fish completion for abp(1): commands, each command's options with their descriptions, the
# values of --format, --section (comma lists), --delimiter and --encoding, the column names of
# the file on the line (as abp itself reads its header) and file names. Installed as
# share/fish/vendor_completions.d/abp.fish; to try it from the checkout:
#   source completions/abp.fish
# Keep it in step with `abp COMMAND --help` (tests/scripts/completion_fish.sh checks).
#
# Adding a command: a line in the command table below, then its own options under
# "Each command's own options", and its name in the shared groups it takes.

# The command on the line, if any: the first word after abp that names one.
function __abp_command
    for word in (commandline -opc)[2..-1]
        switch $word
            case report add export dupes remove rename serve
                echo $word
                return 0
        end
    end
    return 1
end

# True when the command on the line is one of the arguments.
function __abp_using
    set -l command (__abp_command); or return 1
    contains -- $command $argv
end

# The options that take a value (all others are flags), so that a value is not taken for FILE.
function __abp_takes_value
    contains -- $argv[1] --delimiter --encoding --author-column --first-name-column \
        --last-name-column --title-column --publisher-column --split-authors --lock-timeout \
        --format --section --top --file --sqlite --color --host --port --token --author --title \
        --publisher
end

# The column names of the catalogue the command line names (report's and export's FILE,
# the --file of add, remove and rename, else $ABP_FILE, else the default), read by abp itself
# with the --delimiter and --encoding given: one a line. A quoted name that holds the delimiter
# stays one name.
function __abp_columns
    set -l tokens (commandline -opc)
    set -l command (__abp_command)
    set -l file
    set -l flags
    set -l owner
    # --flag=value counts as --flag value
    set -l words
    for token in $tokens[2..-1]
        if string match -qr -- '^--[a-z-]+=' $token
            set -a words (string split -m 1 -- = $token)
        else
            set -a words $token
        end
    end
    set -l command_seen no
    for word in $words
        if set -q owner[1]
            switch $owner
                case --file
                    contains -- "$command" add remove rename; and set file $word
                case --delimiter --encoding
                    set -a flags $owner $word
            end
            set -e owner
        else if __abp_takes_value $word
            set owner $word
        else if test $command_seen = no -a "$word" = "$command"
            set command_seen yes
        else if not string match -q -- '-*' $word; and contains -- "$command" report export dupes serve
            set file $word
        end
    end
    test -n "$file"; or set file $ABP_FILE
    test -n "$file"; or set file data/author_book_publisher.csv
    command $tokens[1] __columns $flags -- (string replace -r '^~' $HOME -- $file) 2>/dev/null
end

# True when `abp rename` already has its first argument (author, publisher or title).
function __abp_rename_what
    set -l words (commandline -opc)
    set -l seen no
    set -l owner no
    for word in $words[2..-1]
        if test $seen = no
            test "$word" = rename; and set seen yes
        else if test $owner = yes
            set owner no
        else if __abp_takes_value $word
            set owner yes
        else if not string match -q -- '-*' $word
            return 0
        end
    end
    return 1
end

function __abp_delimiters
    printf '%s\t%s\n' , comma ';' semicolon '|' 'vertical bar' '\t' tab
end

# --section takes a comma list: complete its last item with a section not listed yet.
function __abp_sections
    set -l typed (commandline -ct)
    set -l done_part (string replace -r '[^,]*$' '' -- $typed)
    for section in books authors author-books tree
        contains -- $section (string split , -- $done_part); or echo $done_part$section
    end
end

complete -c abp -f

# The command table.
complete -c abp -n 'not __abp_command' -s h -l help -d 'Print the help and exit'
complete -c abp -n 'not __abp_command' -s V -l version -d 'Print the version and exit'
complete -c abp -n 'not __abp_command' -a report \
    -d 'Print books and authors per publisher and the author -> book -> publisher tree'
complete -c abp -n 'not __abp_command' -a add \
    -d 'Append one (author, title, publisher) row, then print the tree'
complete -c abp -n 'not __abp_command' -a export \
    -d 'Write the catalogue as a normalised SQLite database'
complete -c abp -n 'not __abp_command' -a dupes \
    -d 'List spellings of one name (TOR, Tor) and the renames that merge them'
complete -c abp -n 'not __abp_command' -a remove \
    -d "Remove a book's rows (or one row) from the catalogue, CSV or database"
complete -c abp -n 'not __abp_command' -a rename \
    -d 'Rename an author, a publisher or a title everywhere, CSV or database'
complete -c abp -n 'not __abp_command' -a serve \
    -d 'Serve the catalogue in a browser and as JSON, for several people at once'

# Shared groups.
set -l every 'report add export dupes remove rename serve'
set -l readers 'report add export dupes remove rename serve'
set -l tree_writers 'report add'
set -l filters 'report export serve'
complete -c abp -n "__abp_using $every" -s h -l help -d 'Print the help and exit'

complete -c abp -n "__abp_using $readers" -l delimiter -x -a '(__abp_delimiters)' \
    -d 'Field separator, one ASCII character or \t'
complete -c abp -n "__abp_using $readers" -l encoding -x \
    -a 'utf-8 latin1 cp1252 utf-16 iso-8859-15 macintosh' -d 'Convert the input from this encoding'
complete -c abp -n "__abp_using $readers" -l author-column -x -a '(__abp_columns)' \
    -d 'Whole-name author column'
complete -c abp -n "__abp_using $readers" -l first-name-column -x -a '(__abp_columns)' \
    -d 'First-name column'
complete -c abp -n "__abp_using $readers" -l last-name-column -x -a '(__abp_columns)' \
    -d 'Last-name column'
complete -c abp -n "__abp_using $readers" -l title-column -x -a '(__abp_columns)' \
    -d 'Title column'
complete -c abp -n "__abp_using $readers" -l publisher-column -x -a '(__abp_columns)' \
    -d 'Publisher column'
complete -c abp -n "__abp_using $readers" -l skip-bad-rows \
    -d 'Leave out records with the wrong number of fields'
complete -c abp -n "__abp_using $readers" -l split-authors -x \
    -d 'Split the author value at SEP, each part an author'
complete -c abp -n "__abp_using $readers" -l lock-timeout -x \
    -d "Seconds to wait for another abp's lock on the file"

complete -c abp -n "__abp_using $tree_writers" -l format -x -a 'text csv tsv json ndjson html' \
    -d 'Output format'
complete -c abp -n "__abp_using $tree_writers" -l ascii -d 'Draw the tree and bars with ASCII only'
complete -c abp -n "__abp_using $tree_writers" -l color -x -a 'auto always never' \
    -d 'Text in colour (auto: on a terminal, unless NO_COLOR)'

complete -c abp -n "__abp_using $filters" -l author -x \
    -d 'Keep the facts whose author holds TEXT, folded'
complete -c abp -n "__abp_using $filters" -l title -x -d 'Keep the facts whose title holds TEXT, folded'
complete -c abp -n "__abp_using $filters" -l publisher -x \
    -d 'Keep the facts whose publisher holds TEXT, folded'

# Each command's own options.
complete -c abp -n '__abp_using report' -l section -x -a '(__abp_sections)' \
    -d 'Print only these sections'
complete -c abp -n '__abp_using report' -l ascending \
    -d 'Sort the count sections by (count, name) ascending'
complete -c abp -n '__abp_using report' -l top -x -d 'Keep the first N lines of each count section'
complete -c abp -n '__abp_using report' -l bars -d 'Text: draw a bar after each count'
complete -c abp -n '__abp_using report serve' -l fold \
    -d 'Count spellings that fold to the same words as one name'
complete -c abp -n '__abp_using report export dupes serve' -F -d 'Catalogue file'

complete -c abp -n '__abp_using dupes' -l format -x -a 'text json' -d 'Output format'

complete -c abp -n '__abp_using add' -l file -r -F -d 'Catalogue (CSV or abp database)'
complete -c abp -n '__abp_using add' -l quiet -d 'Print no tree, only a one-line note of what was done'

complete -c abp -n '__abp_using remove rename' -l file -r -F \
    -d 'Catalogue (CSV or abp database) to change'
complete -c abp -n '__abp_using remove rename' -l dry-run \
    -d 'Print what would change, and change nothing'
complete -c abp -n '__abp_using remove rename' -l no-backup -d 'Do not keep the old file as FILE~'
complete -c abp -n '__abp_using rename; and not __abp_rename_what' -a 'author publisher title' \
    -d 'What to rename'

complete -c abp -n '__abp_using export' -l sqlite -r -F -d 'The database file to write'
complete -c abp -n '__abp_using export' -l force -d 'Replace the database if it exists'

complete -c abp -n '__abp_using serve' -l host -x -a '127.0.0.1 ::1 0.0.0.0 localhost' \
    -d 'Address to listen on'
complete -c abp -n '__abp_using serve' -l port -x -d 'Port to listen on, 0 for any free one'
complete -c abp -n '__abp_using serve' -l write -d 'Let browsers and scripts add books'
complete -c abp -n '__abp_using serve' -l token -x -d 'Secret an add must carry beyond loopback'
complete -c abp -n '__abp_using serve' -l quiet -d 'No access log on standard error'
