# Run by CPack on the staged install, before it is packed: moves what `cmake --install` lays
# out for any prefix to where Debian's policy and Debian's shells look for it under /usr.
set(root "${CPACK_TEMPORARY_INSTALL_DIRECTORY}${CPACK_PACKAGING_INSTALL_PREFIX}/share")

# Manual pages are compressed with gzip -9n (no name or time stamp, so builds are reproducible).
file(GLOB pages "${root}/man/man*/*.[1-9]")
foreach(page IN LISTS pages)
  execute_process(COMMAND gzip -9nf "${page}" RESULT_VARIABLE status)
  if(NOT status EQUAL 0)
    message(FATAL_ERROR "DebianLayout: gzip ${page} failed")
  endif()
endforeach()

# The licence is /usr/share/doc/PACKAGE/copyright.
file(RENAME "${root}/doc/abp/LICENSE" "${root}/doc/abp/copyright")

# zsh's own default folder is site-functions (right for /usr/local), but Debian's zsh reads
# packages' completions from /usr/share/zsh/vendor-completions.
if(EXISTS "${root}/zsh/site-functions")
  file(MAKE_DIRECTORY "${root}/zsh/vendor-completions")
  file(GLOB functions "${root}/zsh/site-functions/*")
  foreach(function IN LISTS functions)
    get_filename_component(name "${function}" NAME)
    file(RENAME "${function}" "${root}/zsh/vendor-completions/${name}")
  endforeach()
  file(REMOVE_RECURSE "${root}/zsh/site-functions")
endif()
