// A main for the fuzz targets where libFuzzer is not there (GCC builds, ctest): runs every
// file named on the command line, or found in a folder named there, through
// LLVMFuzzerTestOneInput once. A folder that does not exist is skipped, so the optional shared
// corpus may be named.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace {

void run_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  LLVMFuzzerTestOneInput(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
}

}  // namespace

int main(int argc, char** argv) {
  std::size_t runs = 0;
  for (int i = 1; i < argc; ++i) {
    const std::filesystem::path arg(argv[i]);
    if (std::filesystem::is_directory(arg)) {
      std::vector<std::filesystem::path> files;
      for (const auto& entry : std::filesystem::recursive_directory_iterator(arg)) {
        if (entry.is_regular_file()) files.push_back(entry.path());
      }
      std::sort(files.begin(), files.end());
      for (const auto& file : files) run_file(file);
      runs += files.size();
    } else if (std::filesystem::is_regular_file(arg)) {
      run_file(arg);
      ++runs;
    }
  }
  std::printf("%zu inputs ran without a finding\n", runs);
  return runs == 0 ? 1 : 0;
}
