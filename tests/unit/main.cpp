// The one translation unit that holds Catch2's main, so each test file compiles on its own.
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>
