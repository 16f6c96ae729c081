# The Debian package (issue 16.2): `cpack -G DEB` in a build folder makes abp_VERSION_ARCH.deb
# from the same install rules as `cmake --install`, laid out for /usr by DebianLayout.cmake.
# Dependencies are what dpkg-shlibdeps finds the binary linked against (it needs `file` and
# dpkg-dev, both in scripts/setup.sh), never typed here.
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME abp)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_CONTACT "The abp authors <abp@localhost>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "books and authors per publisher, from a catalogue CSV")
set(CPACK_PACKAGE_DESCRIPTION
    "abp reads a book catalogue kept as a CSV file (or an SQLite database it made) and prints
how many books and authors each publisher has and the author, book, publisher tree, as text,
CSV, TSV, JSON or NDJSON. It adds a book to the file safely, under a lock.")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION text)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_PRE_BUILD_SCRIPTS ${CMAKE_CURRENT_LIST_DIR}/DebianLayout.cmake)
include(CPack)
